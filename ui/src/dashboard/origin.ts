// What each dashboard panel says about where its numbers come from, so an owner never
// mistakes an offline count for KaiCalls' own, or an unknown for a zero.
import type { Origin } from "../lib/bindings";
import { formatAgo, formatDateTime } from "../lib/format";
import { DASHBOARD_STRINGS } from "../lib/strings";

const S = DASHBOARD_STRINGS.origin;

export interface OriginNote {
  /// `server`, `offline_copy` or `unknown`: the panel's `data-origin`.
  kind: Origin["kind"];
  /// The panel's own line: where from, and how old.
  text: string;
}

/// Why panels are counted from the offline copy, said once above them. `offline`: the
/// shell's sync already found KaiCalls out of reach, so a panel still asking is not said to
/// be asking while the top bar says Offline.
export function offlineReasons(origins: Origin[], offline = false): string[] {
  const why = new Set(origins.flatMap((o) => (o.kind === "offline_copy" ? [o.why] : [])));
  const reasons: string[] = [];
  const cannotReach = why.has("unreachable") || (offline && why.has("asking"));
  if (cannotReach) {
    reasons.push("KaiCalls can't be reached, so the marked panels are counted from the offline copy on this computer.");
  }
  if (why.has("asking") && !cannotReach) {
    reasons.push(
      "Asking KaiCalls for its own numbers; until it answers, the marked panels are counted from the offline copy on this computer.",
    );
  }
  if (why.has("business_filter")) {
    reasons.push(
      "KaiCalls' reports cover all your businesses together, so for one business the marked panels are counted from the offline copy on this computer.",
    );
  }
  return reasons;
}

/// Whether KaiCalls was out of reach for any panel: asking again may wait for retries.
export const unreachable = (origins: Origin[]) =>
  origins.some((o) => o.kind === "offline_copy" && o.why === "unreachable");

export function originNote(origin: Origin, now: Date = new Date()): OriginNote {
  switch (origin.kind) {
    case "server":
      return { kind: "server", text: S.fromKaicalls(formatAgo(origin.read_at, now)) };
    case "offline_copy": {
      const asOf = origin.as_of ? `as of ${formatDateTime(origin.as_of)}` : "of unknown age";
      const partial = origin.partial ? S.olderRecordsAreStill : "";
      return { kind: "offline_copy", text: S.fromTheOfflineCopy(asOf, partial) };
    }
    case "unknown":
      return { kind: "unknown", text: origin.error.message };
  }
}

/// A week-on-week change: "+20.8%", "−12.5%", "no change"; unknown when KaiCalls gave none.
export function changeLabel(change: number | null): string {
  if (change === null || !Number.isFinite(change)) {
    return S.unknown;
  }
  if (change === 0) {
    return S.noChange;
  }
  const rounded = Math.abs(change) >= 10 ? Math.round(change) : Math.round(change * 10) / 10;
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded)}%`;
}

/// `up`, `down` or `flat`, for the change's colour and arrow.
export const changeTrend = (change: number | null) =>
  change === null || change === 0 ? "flat" : change > 0 ? "up" : "down";
