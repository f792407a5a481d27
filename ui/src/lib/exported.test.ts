import { describe, expect, it } from "vitest";
import { exportedText } from "./exported";

describe("after an export", () => {
  it("says how many rows went where, and nothing when the save was cancelled", () => {
    expect(exportedText({ rows: 1234, path: "/home/me/calls.csv" }, "en-US")).toBe(
      "Saved 1,234 rows to /home/me/calls.csv.",
    );
    expect(exportedText({ rows: 1, path: "/tmp/a.csv" })).toBe("Saved 1 row to /tmp/a.csv.");
    expect(exportedText({ rows: 0, path: null })).toBeNull();
  });
});
