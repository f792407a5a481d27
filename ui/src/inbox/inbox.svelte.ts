// The follow-up inbox's shared state: who is waiting (for the sidebar badge and the
// screen), re-read when leads or calls change; and the leads that arrived while the app
// was open, which the screen lifts above the oldest-first order ("just arrived").
import { SvelteSet } from "svelte/reactivity";
import type { InboxItemView } from "../lib/bindings";
import { debounce } from "../lib/timing";
import { onCore } from "../shell/app.svelte";
import { business } from "../shell/business.svelte";
import { listInbox } from "./service";

export const inbox = $state({ items: [] as InboxItemView[], loaded: false });

/// Leads that arrived as news in this session (a webhook, an incremental sync).
export const arrived = new SvelteSet<string>();

export async function refreshInbox(): Promise<void> {
  try {
    inbox.items = await listInbox(business.id);
    inbox.loaded = true;
  } catch {
    // No account, or the cache is being rebuilt: the last list stays.
  }
}

/// Keeps the inbox current for as long as an account is open; returns the stop.
export function watchInbox(): () => void {
  const again = debounce(() => void refreshInbox(), 400, 2000);
  void refreshInbox();
  const stop = onCore((event) => {
    if (event.type === "new_lead" && event.fresh) {
      arrived.add(event.lead.id);
    }
    if (
      event.type === "new_lead" ||
      event.type === "lead_changed" ||
      event.type === "call_status_changed" ||
      event.type === "call_details_read" ||
      (event.type === "sync_status" && event.phase === "online")
    ) {
      again();
    }
  });
  return () => {
    stop();
    again.cancel();
  };
}
