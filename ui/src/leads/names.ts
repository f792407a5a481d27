// How a lead is named in lists and headings, wherever it is shown.
import { displayPhone } from "../lib/phone";
import { LEADS_STRINGS } from "../lib/strings";

const S = LEADS_STRINGS.names;

/// Its name, else its number, else "Unnamed lead".
export function leadTitle(lead: { name: string | null; phone: string | null }): string {
  return lead.name?.trim() || displayPhone(lead.phone) || S.unnamedLead;
}
