import { describe, expect, it } from "vitest";
import { addLead, alertTitle, GROUP_WINDOW_MS, leadLabel, type AlertLead } from "./leadAlerts";

const lead = (id: string, name: string | null, source: string | null = "inbound_call"): AlertLead => ({
  id,
  name,
  phone: "+15125551234",
  source,
});

describe("new-lead alerts", () => {
  it("says who and from where", () => {
    const group = addLead(null, lead("l1", "Maria Lopez"), 0);
    expect(alertTitle(group)).toBe("New lead: Maria Lopez — Inbound call");
    expect(leadLabel(lead("l2", null, null))).toBe("(512) 555-1234 — Unknown source");
    expect(leadLabel({ id: "l3", name: " ", phone: null, source: "website" })).toBe("Unknown caller — Website");
  });

  it("groups leads arriving within the window", () => {
    let group = addLead(null, lead("l1", "A"), 1000);
    group = addLead(group, lead("l2", "B"), 1000 + GROUP_WINDOW_MS - 1);
    group = addLead(group, lead("l3", "C"), 1000 + 2 * GROUP_WINDOW_MS - 2);
    expect(group.leads.map((l) => l.id)).toEqual(["l1", "l2", "l3"]);
    expect(alertTitle(group)).toBe("New leads (3)");
  });

  it("starts a new alert after a pause", () => {
    const first = addLead(null, lead("l1", "A"), 0);
    const later = addLead(first, lead("l2", "B"), GROUP_WINDOW_MS + 1);
    expect(later.leads.map((l) => l.id)).toEqual(["l2"]);
  });

  it("lists a lead once even if it is announced twice", () => {
    let group = addLead(null, lead("l1", "A"), 0);
    group = addLead(group, lead("l1", "A"), 10);
    expect(group.leads).toHaveLength(1);
  });
});
