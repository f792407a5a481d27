import { describe, expect, it } from "vitest";
import { initialSync, progressFraction, progressLabel, withProgress, withStatus } from "./syncState";

describe("sync indicator", () => {
  it("tracks progress per collection while syncing and clears it after", () => {
    let s = withStatus(initialSync, "syncing", null);
    s = withProgress(s, "calls", 50, 200);
    s = withProgress(s, "leads", 50, 50);
    expect(progressFraction(s)).toBeCloseTo(100 / 250);
    expect(progressLabel(s)).toBe("Syncing leads (50 of 50)");
    s = withStatus(s, "online", "2026-03-18T10:00:00Z");
    expect(s.progress).toEqual({});
    expect(s.lastSuccessAt).toBe("2026-03-18T10:00:00Z");
  });

  it("is indeterminate when a total is unknown", () => {
    const s = withProgress(initialSync, "transcripts", 1200, null);
    expect(s.phase).toBe("syncing");
    expect(progressFraction(s)).toBeNull();
    expect(progressLabel(s)).toBe("Syncing transcripts (1,200)");
    expect(progressFraction(initialSync)).toBeNull();
    expect(progressLabel(initialSync)).toBe("Syncing…");
  });

  it("keeps the last success when a status has none", () => {
    const s = withStatus({ ...initialSync, lastSuccessAt: "t1" }, "offline", null);
    expect(s.lastSuccessAt).toBe("t1");
    expect(s.phase).toBe("offline");
  });
});
