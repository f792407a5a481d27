import { describe, expect, it } from "vitest";
import type { InboxItemView } from "../lib/bindings";
import { ordered, waiting } from "./order";

const item = (id: string, kind: string, lead: string | null, since: string): InboxItemView => ({
  id,
  kind,
  lead_id: lead,
  call_id: null,
  name: null,
  phone: null,
  status: null,
  summary: null,
  since,
});

describe("the inbox", () => {
  it("keeps oldest first, with leads that just arrived on top, newest of them first", () => {
    const items = [
      item("missed:c1", "missed_call", "l0", "2026-03-18T08:00:00Z"),
      item("lead:l1", "new_lead", "l1", "2026-03-18T09:00:00Z"),
      item("lead:l2", "new_lead", "l2", "2026-03-18T10:00:00Z"),
      item("lead:l3", "new_lead", "l3", "2026-03-18T11:00:00Z"),
    ];
    expect(ordered(items, new Set()).map((i) => i.id)).toEqual(items.map((i) => i.id));
    // A missed call of a lead that arrived is not lifted: only the new lead is.
    expect(ordered(items, new Set(["l3", "l1", "l0"])).map((i) => i.id)).toEqual([
      "lead:l3",
      "lead:l1",
      "missed:c1",
      "lead:l2",
    ]);
  });

  it("says how long someone has waited, briefly", () => {
    const now = new Date("2026-03-18T12:00:00Z");
    expect(waiting("2026-03-18T11:59:40Z", now)).toBe("waiting <1 min");
    expect(waiting("2026-03-18T11:48:00Z", now)).toBe("waiting 12 min");
    expect(waiting("2026-03-17T09:00:00Z", now)).toBe("waiting 27 h");
    expect(waiting("2026-03-10T12:00:00Z", now)).toBe("waiting 8 days");
    expect(waiting("not a date", now)).toBe("waiting");
  });
});
