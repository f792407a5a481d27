// The app's navigation: one router over the window's history, and the calls everyone
// makes to move. A notification, a deep link or the command palette opens a lead with
// `openLead(id)`, like a click on a list row does; any screen opens with `go`.
import { browserHistory, Router, type How } from "../router/router.svelte";
import type { ScreenId } from "../screens";

export const router = new Router<ScreenId>(browserHistory());

/// Opens a screen as it was left: the item it showed last, if any.
export function go(screen: ScreenId): void {
  router.navigate({ screen, id: router.remembered(screen) });
}

/// Opens a screen's list with nothing selected, and forgets what it showed last.
export function showList(screen: ScreenId): void {
  router.navigate({ screen, id: null }, { forget: true });
}

export function openCall(id: string, how: How = {}): void {
  router.navigate({ screen: "calls", id }, how);
}

export function openLead(id: string, how: How = {}): void {
  router.navigate({ screen: "leads", id }, how);
}

/// A lead as the follow-up inbox shows it (where a new-lead alert takes you).
export function openInboxLead(leadId: string, how: How = {}): void {
  router.navigate({ screen: "inbox", id: `lead:${leadId}` }, how);
}

export function openAgent(id: string, how: How = {}): void {
  router.navigate({ screen: "agents", id }, how);
}

/// What is on screen, by the names the app used before routes; setting a field shows it
/// in place (no history entry), as resetting state between tests does.
export const nav = {
  get screen(): ScreenId | null {
    return router.route?.screen ?? null;
  },
  set screen(screen: ScreenId) {
    router.navigate({ screen, id: router.remembered(screen) }, { replace: true });
  },
  get callId(): string | null {
    return shown("calls");
  },
  set callId(id: string | null) {
    show("calls", id);
  },
  get leadId(): string | null {
    return shown("leads");
  },
  set leadId(id: string | null) {
    show("leads", id);
  },
};

/// The item `screen` shows, or would show when opened from the sidebar.
function shown(screen: ScreenId): string | null {
  return router.route?.screen === screen ? router.route.id : router.remembered(screen);
}

function show(screen: ScreenId, id: string | null): void {
  router.remember(screen, id);
  if (router.route?.screen === screen) {
    router.navigate({ screen, id }, { replace: true });
  }
}
