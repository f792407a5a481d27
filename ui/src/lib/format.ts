// Dates, durations and sources as the screens show them (what a status means, and its
// tone, comes from Rust in the view types). Pure functions of
// their inputs (and of `now`, passed in), so they are tested without a clock.
import type { Direction } from "./bindings";

/// `inbound_call` → "Inbound call"; `in-progress` → "In progress".
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return "";
  }
  const words = value.trim().replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/// Seconds as `0:42`, `12:05` or `1:02:03`; empty when unknown.
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return "";
  }
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export function parseDate(value: string | null | undefined): Date | null {
  if (!value) {
    return null;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/// A list timestamp: the time today, "Yesterday 3:04 PM", or a short date.
export function formatWhen(value: string | null | undefined, now: Date = new Date(), locale?: string): string {
  const d = parseDate(value);
  if (!d) {
    return "";
  }
  const time = d.toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
  if (sameDay(d, now)) {
    return time;
  }
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) {
    return `Yesterday ${time}`;
  }
  const opts: Intl.DateTimeFormatOptions =
    d.getFullYear() === now.getFullYear()
      ? { month: "short", day: "numeric" }
      : { month: "short", day: "numeric", year: "numeric" };
  return `${d.toLocaleDateString(locale, opts)}, ${time}`;
}

/// A full timestamp for detail panes.
export function formatDateTime(value: string | null | undefined, locale?: string): string {
  const d = parseDate(value);
  return d ? d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) : "";
}

/// "just now", "5 min ago", "3 h ago", "2 days ago" (for "last synced").
export function formatAgo(value: string | null | undefined, now: Date = new Date()): string {
  const d = parseDate(value);
  if (!d) {
    return "never";
  }
  const seconds = Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  if (seconds < 45) {
    return "just now";
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 24) {
    return `${hours} h ago`;
  }
  const days = Math.round(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/// A chart label for a `YYYY-MM-DD` day (read as a local calendar date, not UTC).
export function formatDay(date: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    return date;
  }
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toLocaleDateString(locale, { month: "short", day: "numeric" });
}

/// A percentage as the analytics send it (0–100, two decimals): `45.67` → "46%".
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) {
    return "–";
  }
  return `${Math.round(percent)}%`;
}

interface CallParty {
  customer_name: string | null;
  lead_name: string | null;
  /// The number the call was with (Rust picks it: the one dialled, or the lead's).
  number: string | null;
}

/// Who a call was with: the name given when dialling, else the linked lead's name, else
/// its number, else "Unknown caller".
export function callParty(call: CallParty, phone: (n: string) => string): string {
  return (
    call.customer_name?.trim() || call.lead_name?.trim() || (call.number ? phone(call.number) : "") || "Unknown caller"
  );
}

/// The arrow a call row shows for its direction; a dot while the direction is unknown
/// (the calls list does not say it, the details do).
export function directionMark(direction: Direction | null | undefined): string {
  return direction === "outbound" ? "↗" : direction === "inbound" ? "↙" : "•";
}

/// A call row's second line: its agent, then its length if it has one.
export function agentAndLength(call: { agent_name: string | null; duration_seconds: number | null }): string {
  const length = call.duration_seconds ? ` · ${formatDuration(call.duration_seconds)}` : "";
  return `${call.agent_name ?? "Unknown agent"}${length}`;
}

/// A business by its name, or by the start of its id while KaiCalls has not told its name.
export const businessLabel = (b: { id: string; name: string | null }) => b.name ?? `Business ${b.id.slice(0, 8)}`;
