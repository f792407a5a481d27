// The app-wide state every screen reads: the open account, the sync indicator, unread
// leads and the dial dialog; and the session's loading. Core events are listened to
// once, here, and fanned out to the screens through `onCore`.
import type { AppInfo, CoreEvent } from "../lib/bindings";
import { bootMark } from "../lib/bootMarks";
import { toAppError, type ShownError } from "../lib/errors";
import { initialSync, withProgress, withStatus, type SyncIndicator } from "../lib/syncState";
import { addLead } from "../leads/leadAlerts";
import { countUnread, getLead, markSeen } from "../leads/service";
import { resetSearch } from "../search/memory.svelte";
import { warnEndingTrials } from "../usage/trialNotice";
import { go, router, openInboxLead, openLead } from "./nav.svelte";
import { banner, notices, toast } from "./notices.svelte";
import * as shell from "./service";
import { closeText } from "../texts/textDialog.svelte";
import { SHELL_STRINGS } from "../lib/strings";

const S = SHELL_STRINGS.app;

interface AppState {
  /// `null` while loading the first time.
  info: AppInfo | null;
  loadError: ShownError | null;
  sync: SyncIndicator;
  pendingEdits: number;
  /// Records the server sent that could not be read (set aside; the rest synced).
  unreadable: number;
  /// Why the last sync pass failed while online (a revoked key, a server fault).
  syncError: ShownError | null;
  unread: number;
  /// Bumped on every session change, so screens keyed on it reload from scratch.
  session: number;
}

export const app = $state<AppState>({
  info: null,
  loadError: null,
  sync: initialSync,
  pendingEdits: 0,
  unreadable: 0,
  syncError: null,
  unread: 0,
  session: 0,
});

// ---- Dial dialog ----

export const dial = $state({
  open: false,
  number: "",
  name: "",
  /// The lead the dialog was opened from, linked to the call.
  leadId: null as string | null,
  /// Opened by a `tel:`/`kaicalls:` link from another program: nothing dials on Enter,
  /// and a number abroad needs one more confirmation.
  fromLink: false,
  /// Bumped on every open, so the dialog makes a new request id.
  opened: 0,
});

/// A dial link that arrived while no account was open: opened with the next account.
let stashedDial: { number: string; name: string } | null = null;

/// A dial link from outside the app (the OS's URL handler, a second launch).
export function requestDial(number: string, name: string | null): void {
  if (app.info?.account) {
    openDial(number, name ?? "", { fromLink: true });
  } else {
    stashedDial = { number, name: name ?? "" };
  }
}

export function openDial(number = "", name = "", options: { leadId?: string | null; fromLink?: boolean } = {}): void {
  if (dial.open) {
    // Never replace a dialog the user may be sending from; only fill an empty one.
    return;
  }
  dial.number = number;
  dial.name = name;
  dial.leadId = options.leadId ?? null;
  dial.fromLink = options.fromLink ?? false;
  dial.opened += 1;
  dial.open = true;
}

export function closeDial(): void {
  dial.open = false;
}

// ---- Core events fan-out ----

type CoreListener = (event: CoreEvent) => void;
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- who listens is not state
const coreListeners = new Set<CoreListener>();

/// Listens to core events; returns the function that stops listening (an $effect's cleanup).
export function onCore(listener: CoreListener): () => void {
  coreListeners.add(listener);
  return () => coreListeners.delete(listener);
}

function handleCore(event: CoreEvent): void {
  switch (event.type) {
    case "sync_status":
      app.sync = withStatus(app.sync, event.phase, event.last_success_at);
      if (event.phase !== "syncing") {
        void refreshSync();
      }
      if (event.phase === "online") {
        void warnEndingTrials();
      }
      break;
    case "sync_progress":
      app.sync = withProgress(app.sync, event.collection, event.done, event.total);
      break;
    case "new_lead":
      if (event.fresh) {
        notices.leadAlert = addLead(
          notices.leadAlert,
          { id: event.lead.id, name: event.lead.name, phone: event.lead.phone, source: event.lead.source },
          Date.now(),
        );
      }
      break;
    case "edit_superseded":
      void announceSuperseded(event.lead_id, event.reason);
      void refreshSync();
      break;
    default:
      break;
  }
  for (const listener of coreListeners) {
    listener(event);
  }
}

/// "Your edit to Maria Lopez wasn't sent: …" with the lead's name when the cache has it.
async function announceSuperseded(leadId: string, reason: string): Promise<void> {
  let who = "a lead";
  try {
    const view = await getLead(leadId);
    who = view.lead.name?.trim() || "a lead";
  } catch {
    // The generic words do.
  }
  toast(S.yourEditToWasn(who, reason).trim(), "warn", { label: S.openLead, run: () => openLead(leadId) }, 15000);
}

// ---- Loading ----

export async function refreshSync(): Promise<void> {
  if (!app.info?.account) {
    return;
  }
  try {
    const view = await shell.syncStatus();
    app.sync = withStatus(app.sync, view.phase, view.last_success_at);
    app.pendingEdits = view.pending_edits;
    app.unreadable = view.unreadable;
    app.syncError = view.phase === "online" ? view.last_error : null;
  } catch {
    // No session right now (switching): the next event brings it.
  }
}

export async function refreshInfo(): Promise<void> {
  try {
    app.info = await shell.appInfo();
    app.loadError = null;
  } catch (e) {
    app.loadError = toAppError(e);
  }
}

async function fetchInfo(): Promise<AppInfo | null> {
  try {
    const info = await shell.appInfo();
    bootMark("info_ms");
    app.loadError = null;
    return info;
  } catch (e) {
    app.loadError = toAppError(e);
    return app.info;
  }
}

let reloading: Promise<void> | null = null;
let reloadAgain = false;

/// Reloads everything for the account now open (or onboarding). Calls made while one is
/// running coalesce into one more run after it.
export function reloadSession(): Promise<void> {
  if (reloading) {
    reloadAgain = true;
    return reloading;
  }
  reloading = (async () => {
    do {
      reloadAgain = false;
      await reloadOnce();
    } while (reloadAgain);
  })().finally(() => (reloading = null));
  return reloading;
}

async function reloadOnce(): Promise<void> {
  app.sync = initialSync;
  app.pendingEdits = 0;
  app.unreadable = 0;
  app.syncError = null;
  notices.leadAlert = null;
  dial.open = false;
  closeText();
  resetSearch();
  const info = await fetchInfo();
  // Together, so the screens mount once for the new session, showing nothing of the
  // account before.
  router.enterScope(info?.account?.id ?? null);
  app.info = info;
  app.session += 1;
  if (app.info?.account) {
    await Promise.all([refreshSync(), refreshUnread()]);
    if (stashedDial) {
      openDial(stashedDial.number, stashedDial.name, { fromLink: true });
      stashedDial = null;
    }
  }
}

async function refreshUnread(): Promise<void> {
  try {
    app.unread = await countUnread();
  } catch {
    app.unread = 0;
  }
}

export async function markLeadsSeen(): Promise<void> {
  try {
    await markSeen();
    app.unread = 0;
  } catch {
    // Only the badge stays; nothing to tell the user.
  }
}

/// Starts listening, then loads (without waiting for it): an event sent while loading is
/// never missed. Resolves to the function that stops listening.
export async function start(): Promise<() => void> {
  const stop = await shell.listen({
    core: handleCore,
    session: () => void reloadSession(),
    unread: (count) => (app.unread = count),
    // Out of reach is the offline banner's to say (it follows the sync); an alert of it
    // (say, live updates not set up) would show the same words twice.
    alert: (alert) => alert.code !== "offline" && banner(alert),
    dial: (request) => requestDial(request.number, request.name),
    // The lead waits in the inbox (new leads do until handled); several open the inbox.
    opened: (leadId) => (leadId ? openInboxLead(leadId) : go("inbox")),
  });
  void (async () => {
    await reloadSession();
    try {
      const pending = await shell.dialPending();
      if (pending) {
        requestDial(pending.number, pending.name);
      }
    } catch {
      // Nothing pending.
    }
  })();
  return stop;
}
