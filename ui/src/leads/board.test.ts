import { describe, expect, it } from "vitest";
import { moveTarget } from "./board";

describe("the board's keyboard moves", () => {
  it("moves one stage left or right, and stops at the ends", () => {
    expect(moveTarget("new", "ArrowRight")).toBe("contacted");
    expect(moveTarget("qualified", "ArrowLeft")).toBe("contacted");
    expect(moveTarget("new", "ArrowLeft")).toBeNull();
    expect(moveTarget("lost", "ArrowRight")).toBeNull();
    expect(moveTarget("new", "Enter")).toBeNull();
    expect(moveTarget(null, "ArrowRight")).toBe("new");
  });
});
