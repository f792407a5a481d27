// The inbox's words and order, pure so they are tested without a window.
import type { InboxItemView } from "../lib/bindings";

/// The order the screen shows: just arrived first (newest first), then oldest wait first.
export function ordered(items: readonly InboxItemView[], fresh: ReadonlySet<string>): InboxItemView[] {
  const isFresh = (i: InboxItemView) => i.kind === "new_lead" && i.lead_id !== null && fresh.has(i.lead_id);
  const top = items.filter(isFresh).reverse();
  return [...top, ...items.filter((i) => !isFresh(i))];
}

/// "waiting 12 min", in words that stay short in a list row.
export function waiting(since: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (Number.isNaN(minutes)) {
    return "waiting";
  }
  if (minutes < 1) {
    return "waiting <1 min";
  }
  if (minutes < 60) {
    return `waiting ${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `waiting ${hours} h`;
  }
  return `waiting ${Math.floor(hours / 24)} days`;
}
