// The user's locale, in one place, and the Intl formatters and plural rules built on it.
// Every date, number, relative time, duration and amount the UI shows goes through here
// (or through lib/format.ts, which uses it), so the app formats as the system is set
// (`navigator.language`) and tests fix it (`setLocale`, src/testing/setup.ts: en-US).
// The words themselves are English for now and gathered in lib/strings.ts.

let chosen: string | null = null;

/// What the app formats in when the system's setting is not a language tag Intl knows:
/// WebKitGTK reports the POSIX locale as "C" (or "POSIX") when LANG is unset, and every
/// Intl constructor throws a RangeError for it.
const FALLBACK = "en-US";

/// `tag` if Intl accepts it, else the fallback.
export function usable(tag: string | null | undefined): string {
  if (!tag) {
    return FALLBACK;
  }
  try {
    // Well-formed and one the formatters know ("posix" is well-formed, and unknown).
    return Intl.NumberFormat.supportedLocalesOf(Intl.getCanonicalLocales(tag))[0] ?? FALLBACK;
  } catch {
    return FALLBACK;
  }
}

let system: string | null = null;

/// The locale the app formats in: the one set with `setLocale`, else the webview's.
export function locale(): string {
  if (chosen) {
    return chosen;
  }
  system ??= usable(typeof navigator !== "undefined" ? navigator.language : null);
  return system;
}

/// Formats in `tag` from now on (null: the system's again). For tests, and for a future
/// language setting.
export function setLocale(tag: string | null): void {
  chosen = tag === null ? null : usable(tag);
  system = null;
  cache.clear();
}

// Building an Intl formatter is slow next to using one: one per locale and options.
const cache = new Map<string, unknown>();
function cached<T>(kind: string, tag: string, options: object, make: () => T): T {
  const key = `${kind}|${tag}|${JSON.stringify(options)}`;
  let found = cache.get(key) as T | undefined;
  if (found === undefined) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

export const numberFormat = (options: Intl.NumberFormatOptions = {}, tag = locale()) =>
  cached("number", tag, options, () => new Intl.NumberFormat(tag, options));

export const dateFormat = (options: Intl.DateTimeFormatOptions, tag = locale()) =>
  cached("date", tag, options, () => new Intl.DateTimeFormat(tag, options));

export const relativeFormat = (options: Intl.RelativeTimeFormatOptions = {}, tag = locale()) =>
  cached("relative", tag, options, () => new Intl.RelativeTimeFormat(tag, options));

/// `1234.5` → "1,234.5" (en-US), "1.234,5" (de-DE).
export const formatNumber = (n: number, options: Intl.NumberFormatOptions = {}, tag = locale()) =>
  numberFormat(options, tag).format(n);

/// An amount in a currency: `12.5, "USD"` → "$12.50" (en-US), "12,50 $" (de-DE).
export const formatMoney = (amount: number, currency: string, tag = locale()) =>
  numberFormat({ style: "currency", currency }, tag).format(amount);

/// The plural category of `n` in the locale ("one", "other", and in some languages
/// "few", "many"…).
export const pluralCategory = (n: number, tag = locale()): Intl.LDMLPluralRule =>
  cached("plural", tag, {}, () => new Intl.PluralRules(tag)).select(n);

/// The words for `n` things: `forms.one` for the locale's singular, `forms.other` else
/// (and any other category a translation gives). `{n}` in a form is the number, as the
/// locale writes it: `plural(3, { one: "{n} row", other: "{n} rows" })` → "3 rows".
export function plural(
  n: number,
  forms: { one: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>,
  tag = locale(),
): string {
  const form = forms[pluralCategory(n, tag)] ?? forms.other;
  return form.replace("{n}", formatNumber(n, {}, tag));
}
