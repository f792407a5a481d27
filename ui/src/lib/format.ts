// Dates, durations and sources as the screens show them (what a status means, and its
// tone, comes from Rust in the view types). Pure functions of
// their inputs (and of `now`, passed in), so they are tested without a clock. Dates,
// numbers and relative times go through Intl in the user's locale (lib/locale.ts; a
// `locale` argument overrides it); the words are lib/strings.ts.
import type { Direction } from "./bindings";
import { dateFormat, formatNumber, locale as userLocale, relativeFormat } from "./locale";
import { LABELS } from "./strings";

/// `inbound_call` → "Inbound call"; `in-progress` → "In progress".
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return "";
  }
  const words = value.trim().replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/// Seconds as `0:42`, `12:05` or `1:02:03` (a clock's digits, read alike in every locale
/// the app formats for); empty when unknown. In a sentence, use formatMinutes.
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

/// "yesterday" → "Yesterday", as the locale capitalizes.
const capitalized = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/// A time of day: "3:04 PM" (en-US), "15:04" (de-DE).
export function formatTime(d: Date, locale: string = userLocale()): string {
  return dateFormat({ hour: "numeric", minute: "2-digit" }, locale).format(d);
}

/// An hour of the day for a picker: "3 PM" (en-US), "15 Uhr" (de-DE).
export function formatHour(hour: number, locale: string = userLocale()): string {
  return dateFormat({ hour: "numeric" }, locale).format(new Date(2000, 0, 1, hour));
}

/// A list timestamp: the time today, "Yesterday 3:04 PM", or a short date.
export function formatWhen(
  value: string | null | undefined,
  now: Date = new Date(),
  locale: string = userLocale(),
): string {
  const d = parseDate(value);
  if (!d) {
    return "";
  }
  const time = formatTime(d, locale);
  if (sameDay(d, now)) {
    return time;
  }
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) {
    return `${capitalized(relativeFormat({ numeric: "auto" }, locale).format(-1, "day"), locale)} ${time}`;
  }
  const opts: Intl.DateTimeFormatOptions =
    d.getFullYear() === now.getFullYear()
      ? { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }
      : { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" };
  return dateFormat(opts, locale).format(d);
}

/// A full timestamp for detail panes.
export function formatDateTime(value: string | null | undefined, locale: string = userLocale()): string {
  const d = parseDate(value);
  return d ? dateFormat({ dateStyle: "medium", timeStyle: "short" }, locale).format(d) : "";
}

/// "now", "5 minutes ago", "3 hours ago", "yesterday", "5 days ago" (for "last synced"), as
/// Intl.RelativeTimeFormat says them in the locale.
export function formatAgo(
  value: string | null | undefined,
  now: Date = new Date(),
  locale: string = userLocale(),
): string {
  const d = parseDate(value);
  if (!d) {
    return LABELS.never;
  }
  const say = (n: number, unit: Intl.RelativeTimeFormatUnit) =>
    relativeFormat({ numeric: "auto" }, locale).format(-n, unit);
  const seconds = Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  if (seconds < 45) {
    return say(0, "second");
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return say(minutes, "minute");
  }
  const hours = Math.round(minutes / 60);
  if (hours < 24) {
    return say(hours, "hour");
  }
  return say(Math.round(hours / 24), "day");
}

/// A length in words for a sentence: "5 min", "1 hr, 30 min" (en-US), through Intl's
/// unit formatting; empty when unknown.
export function formatMinutes(seconds: number | null | undefined, locale: string = userLocale()): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return "";
  }
  const minutes = Math.round(seconds / 60);
  const unit = (n: number, u: "hour" | "minute") => formatNumber(n, { style: "unit", unit: u }, locale);
  if (minutes < 60) {
    return unit(minutes, "minute");
  }
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return m === 0 ? unit(h, "hour") : `${unit(h, "hour")}, ${unit(m, "minute")}`;
}

/// A chart label for a `YYYY-MM-DD` day (read as a local calendar date, not UTC).
export function formatDay(date: string, locale: string = userLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    return date;
  }
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dateFormat({ month: "short", day: "numeric" }, locale).format(d);
}

/// A percentage as the analytics send it (0–100, two decimals): `45.67` → "46%" (en-US),
/// "46 %" (de-DE).
export function formatPercent(percent: number, locale: string = userLocale()): string {
  if (!Number.isFinite(percent)) {
    return LABELS.notANumber;
  }
  return formatNumber(percent / 100, { style: "percent", maximumFractionDigits: 0 }, locale);
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
    call.customer_name?.trim() ||
    call.lead_name?.trim() ||
    (call.number ? phone(call.number) : "") ||
    LABELS.unknownCaller
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
  return `${call.agent_name ?? LABELS.unknownAgent}${length}`;
}

/// A business by its name, or by the start of its id while KaiCalls has not told its name.
export const businessLabel = (b: { id: string; name: string | null }) => b.name ?? LABELS.business(b.id.slice(0, 8));
