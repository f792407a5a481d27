import { describe, expect, it } from "vitest";
import { callsListStale, initialSync, progressFraction, progressLabel, withProgress, withStatus } from "./syncState";

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

describe("calls list staleness", () => {
  it("reloads on status changes, background details and finished passes only", () => {
    expect(callsListStale({ type: "call_details_read", call_ids: ["c1", "c2"] })).toBe(true);
    expect(callsListStale({ type: "call_status_changed", call_id: "c1", status: "completed" })).toBe(true);
    expect(callsListStale({ type: "sync_status", phase: "online", last_success_at: null })).toBe(true);
    expect(callsListStale({ type: "sync_status", phase: "syncing", last_success_at: null })).toBe(false);
    expect(callsListStale({ type: "sync_progress", collection: "calls", done: 10, total: 20 })).toBe(false);
    expect(callsListStale({ type: "lead_changed", lead_id: "l1" })).toBe(false);
  });
});
