import { describe, expect, it } from "vitest";
import type { DialCheck, DialView } from "../lib/bindings";
import { acksNeeded, canPlace, redialWarning, type Review } from "./dialReview";

const dial = (state: string): DialView => ({
  request_id: "r1",
  to: "+15125550010",
  agent_id: "a1",
  name: null,
  state,
  call_id: null,
  found_call_id: null,
  error_code: null,
  started_at: "2026-03-18T14:00:00Z",
});
const check = (over: Partial<DialCheck> = {}): DialCheck => ({
  to: "+15125550010",
  recent_dials: [],
  recent_calls: [],
  window_minutes: 10,
  lead_id: null,
  ...over,
});
const review = (over: Partial<Review> = {}): Review => ({
  to: "+15125550010",
  check: check(),
  hours: { kind: "ok", times: [{ zone: "America/Chicago", hour: 10, minute: 0 }] },
  abroad: null,
  ...over,
});

describe("the dial confirmation", () => {
  it("needs no tick for a number called at a good hour for the first time", () => {
    expect(acksNeeded(review())).toEqual([]);
    expect(canPlace(review(), new Set())).toBe(true);
  });

  it("needs a tick for each warning before the call can be placed", () => {
    const r = review({
      hours: { kind: "outside", times: [{ zone: "America/Chicago", hour: 22, minute: 0 }] },
      check: check({ recent_dials: [dial("uncertain")] }),
      abroad: "CA",
    });
    expect(acksNeeded(r)).toEqual(["hours", "redial", "abroad"]);
    expect(canPlace(r, new Set(["hours", "redial"]))).toBe(false);
    expect(canPlace(r, new Set(["hours", "redial", "abroad"]))).toBe(true);
  });

  it("warns about a call that may have been placed above one that was", () => {
    expect(redialWarning(check({ recent_dials: [dial("placed"), dial("uncertain")] }))).toBe("uncertain");
    expect(redialWarning(check({ recent_dials: [dial("placed")] }))).toBe("placed");
    expect(redialWarning(check({ recent_calls: [{ call_id: "c1", created_at: "2026-03-18T14:00:00Z" }] }))).toBe(
      "called",
    );
    expect(redialWarning(check())).toBeNull();
    // Unknown local time is said, not acknowledged.
    expect(acksNeeded(review({ hours: { kind: "unknown", why: "country_wide" } }))).toEqual([]);
  });
});
