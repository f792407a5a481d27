// The in-app "New lead" alert. Leads arriving close together (a sync burst, a few calls
// at once) are grouped into one alert rather than a stack of toasts.
import { humanize } from "../lib/format";
import { displayPhone } from "../lib/phone";
import { LEADS_STRINGS } from "../lib/strings";

const S = LEADS_STRINGS.leadAlerts;

/// Leads arriving within this long of the previous one join its alert.
export const GROUP_WINDOW_MS = 2000;

export interface AlertLead {
  id: string;
  name: string | null;
  phone: string | null;
  source: string | null;
}

export interface LeadAlertGroup {
  leads: AlertLead[];
  lastAt: number;
}

/// The alert after `lead` arrived at `now` (ms): the current group when it is recent,
/// otherwise a new one. A lead already in the group is not listed twice.
export function addLead(current: LeadAlertGroup | null, lead: AlertLead, now: number): LeadAlertGroup {
  if (current && now - current.lastAt <= GROUP_WINDOW_MS) {
    const leads = current.leads.some((l) => l.id === lead.id) ? current.leads : [...current.leads, lead];
    return { leads, lastAt: now };
  }
  return { leads: [lead], lastAt: now };
}

export function leadLabel(lead: AlertLead): string {
  const who = lead.name?.trim() || displayPhone(lead.phone) || S.unknownCaller;
  const source = humanize(lead.source) || S.unknownSource;
  return `${who} — ${source}`;
}

export function alertTitle(group: LeadAlertGroup): string {
  const [first] = group.leads;
  if (group.leads.length === 1 && first) {
    return S.newLead(leadLabel(first));
  }
  return S.newLeads(group.leads.length);
}
