import { describe, expect, it } from "vitest";
import { createdRange, orNull } from "./filters";

describe("filters", () => {
  const now = new Date(2026, 2, 18, 15, 30);

  it("turns date presets into created ranges", () => {
    expect(createdRange("any", now)).toEqual({ from: null, to: null });
    expect(createdRange("today", now)).toEqual({ from: new Date(2026, 2, 18).toISOString(), to: null });
    expect(createdRange("7", now).from).toBe(new Date(now.getTime() - 7 * 86_400_000).toISOString());
  });

  it("reads an empty select as any", () => {
    expect(orNull("")).toBeNull();
    expect(orNull(" inbound ")).toBe("inbound");
  });
});
