// Every lead field the reference lets an owner change, as the lead form edits them: a
// draft of plain strings, and the changes it makes to the lead — only the fields that
// differ, each checked (a phone becomes E.164), as the agent editor sends them.
import type { FieldChange, LeadField, LeadView, PipelineStage } from "../lib/bindings";
import { checkPhone, displayPhone } from "../lib/phone";
import { LEADS_STRINGS } from "../lib/strings";

const S = LEADS_STRINGS.leadForm;

/// The text fields, in the form's order; the status is a select of its own.
export const TEXT_FIELDS: ReadonlyArray<{
  field: Exclude<LeadField, "status" | "notes">;
  label: string;
  type?: string;
}> = [
  { field: "name", label: S.name },
  { field: "first_name", label: S.firstName },
  { field: "last_name", label: S.lastName },
  { field: "phone", label: S.phone, type: "tel" },
  { field: "email", label: S.email, type: "email" },
  { field: "source", label: S.source },
  { field: "address", label: S.address },
  { field: "city", label: S.city },
  { field: "state", label: S.state },
  { field: "zip", label: "ZIP code" },
];

export type LeadDraft = Record<Exclude<LeadField, "status">, string> & {
  /// The stage chosen; "" keeps a missing or unknown status as it is.
  status: PipelineStage | "";
};

export function draftOf(lead: LeadView): LeadDraft {
  return {
    name: lead.name ?? "",
    first_name: lead.first_name ?? "",
    last_name: lead.last_name ?? "",
    email: lead.email ?? "",
    // As the owner reads it, "(512) 555-0123"; saved as E.164 whatever way it is typed.
    phone: displayPhone(lead.phone),
    status: lead.stage ?? "",
    source: lead.source ?? "",
    notes: lead.notes ?? "",
    address: lead.address ?? "",
    city: lead.city ?? "",
    state: lead.state ?? "",
    zip: lead.zip ?? "",
  };
}

export type DraftCheck = {
  changes: FieldChange[];
  /// Per field, why its value cannot be sent.
  errors: Partial<Record<LeadField, string>>;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/// What saving `draft` over `lead` would send. Notes keep their spacing; other fields are
/// trimmed; an emptied field is sent as null (cleared).
export function changesOf(lead: LeadView, draft: LeadDraft): DraftCheck {
  const base = draftOf(lead);
  const changes: FieldChange[] = [];
  const errors: Partial<Record<LeadField, string>> = {};
  if (draft.status !== "" && draft.status !== base.status) {
    changes.push({ field: "status", value: draft.status });
  }
  for (const { field } of TEXT_FIELDS) {
    const value = draft[field].trim();
    if (value === base[field].trim()) {
      continue;
    }
    if (field === "phone" && value !== "") {
      const phone = checkPhone(value);
      if (!phone.ok) {
        errors.phone = phone.reason;
        continue;
      }
      if (phone.e164 !== lead.phone) {
        changes.push({ field, value: phone.e164 });
      }
      continue;
    }
    if (field === "email" && value !== "" && !EMAIL.test(value)) {
      errors.email = S.thisIsNotAn;
      continue;
    }
    changes.push({ field, value: value === "" ? null : value });
  }
  if (draft.notes !== base.notes) {
    changes.push({ field: "notes", value: draft.notes === "" ? null : draft.notes });
  }
  return { changes, errors };
}
