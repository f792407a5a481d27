// The top bar's sync indicator, folded from `sync_status()` and the core's
// `sync_status` / `sync_progress` events; and which events make the calls list stale.

import type { CoreEvent } from "./bindings";
import { formatNumber } from "./locale";
import { COMMON_STRINGS } from "./strings";

const S = COMMON_STRINGS.syncState;

export type Phase = "online" | "offline" | "syncing";

export interface CollectionProgress {
  done: number;
  total: number | null;
}

export interface SyncIndicator {
  /// `null` until the first status arrives.
  phase: Phase | null;
  lastSuccessAt: string | null;
  /// Per collection, during a pass.
  progress: Record<string, CollectionProgress>;
}

export const initialSync: SyncIndicator = { phase: null, lastSuccessAt: null, progress: {} };

export function withStatus(state: SyncIndicator, phase: Phase, lastSuccessAt: string | null): SyncIndicator {
  return {
    phase,
    lastSuccessAt: lastSuccessAt ?? state.lastSuccessAt,
    // A pass that ended (or never started) has no progress to show.
    progress: phase === "syncing" ? state.progress : {},
  };
}

export function withProgress(
  state: SyncIndicator,
  collection: string,
  done: number,
  total: number | null,
): SyncIndicator {
  return {
    ...state,
    phase: "syncing",
    progress: { ...state.progress, [collection]: { done, total } },
  };
}

/// Share of the pass done (0–1) when every collection in progress knows its total;
/// `null` for an indeterminate bar (an incremental pass does not know how much is new).
export function progressFraction(state: SyncIndicator): number | null {
  const items = Object.values(state.progress);
  if (items.length === 0 || items.some((p) => p.total === null || p.total <= 0)) {
    return null;
  }
  const done = items.reduce((sum, p) => sum + Math.min(p.done, p.total ?? 0), 0);
  const total = items.reduce((sum, p) => sum + (p.total ?? 0), 0);
  return total > 0 ? Math.min(1, done / total) : null;
}

/// "Downloading calls (1,200 of 5,000)" or "Syncing…".
export function progressLabel(state: SyncIndicator): string {
  const entries = Object.entries(state.progress);
  const current = entries[entries.length - 1];
  if (!current) {
    return S.syncing;
  }
  const [collection, p] = current;
  const n = (v: number) => formatNumber(v);
  return p.total !== null && p.total > 0
    ? S.syncingOf(collection, n(Math.min(p.done, p.total)), n(p.total))
    : S.syncing2(collection, n(p.done));
}

/// Whether a core event means the calls list may have something new to show: a status
/// changed, older calls' details were read in the background (callers, directions), or a
/// pass finished.
export function callsListStale(event: CoreEvent): boolean {
  switch (event.type) {
    case "call_status_changed":
    case "call_details_read":
      return true;
    case "sync_status":
      return event.phase === "online";
    default:
      return false;
  }
}
