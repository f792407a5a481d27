import { describe, expect, it } from "vitest";
import type { LeadView } from "../lib/bindings";
import { changesOf, draftOf } from "./leadForm";

const lead: LeadView = {
  id: "lead-1",
  name: "Jane Doe",
  first_name: "Jane",
  last_name: "Doe",
  email: "jane@example.com",
  phone: "+15125550123",
  stage: "new",
  status: "new",
  tone: "neutral",
  source: "inbound_call",
  agent_id: null,
  agent_name: null,
  business_id: null,
  notes: "Asked about the quote",
  score: null,
  address: null,
  city: null,
  state: null,
  zip: null,
  created_at: null,
  updated_at: null,
  pending_edits: 0,
};

describe("the lead form", () => {
  it("sends nothing when nothing changed", () => {
    expect(changesOf(lead, draftOf(lead))).toEqual({ changes: [], errors: {} });
    // Spaces around a value are not a change.
    expect(changesOf(lead, { ...draftOf(lead), email: " jane@example.com " }).changes).toEqual([]);
  });

  it("sends only the fields that changed, a phone as E.164 and an emptied field as null", () => {
    const draft = {
      ...draftOf(lead),
      status: "qualified" as const,
      phone: "(512) 555-0199",
      city: "Austin",
      last_name: "",
    };
    expect(changesOf(lead, draft)).toEqual({
      changes: [
        { field: "status", value: "qualified" },
        { field: "last_name", value: null },
        { field: "phone", value: "+15125550199" },
        { field: "city", value: "Austin" },
      ],
      errors: {},
    });
    // The same number typed another way is no change.
    expect(changesOf(lead, { ...draftOf(lead), phone: "512-555-0123" }).changes).toEqual([]);
  });

  it("refuses a phone or email that cannot be right, and sends the rest", () => {
    const check = changesOf(lead, { ...draftOf(lead), phone: "555-12", email: "jane at example", zip: "78701" });
    expect(Object.keys(check.errors).sort()).toEqual(["email", "phone"]);
    expect(check.changes).toEqual([{ field: "zip", value: "78701" }]);
  });
});
