// Phone numbers as the dial dialog and the lists show them. The "max" metadata validates
// like the Rust side (the `phonenumber` crate's full rules), so a number this accepts is
// one `call_place` accepts too.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { COMMON_STRINGS } from "./strings";

const S = COMMON_STRINGS.phone;

export const DEFAULT_REGION: CountryCode = "US";

export type PhoneCheck = { ok: true; e164: string; display: string } | { ok: false; reason: string };

/// Checks what the user typed: a dialable number (E.164, or national format in `region`).
export function checkPhone(input: string, region: CountryCode = DEFAULT_REGION): PhoneCheck {
  const text = input.trim();
  if (text === "") {
    return { ok: false, reason: S.enterTheNumberTo };
  }
  if (/(ext\.?|x|#)\s*\d+$/i.test(text)) {
    return { ok: false, reason: S.extensionsCanTBe };
  }
  if (!/^[+\d\s().\-/]+$/.test(text)) {
    return { ok: false, reason: S.aPhoneNumberHas };
  }
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed) {
    return { ok: false, reason: S.thisIsNotA };
  }
  if (!parsed.isValid()) {
    const digits = parsed.nationalNumber.length;
    return {
      ok: false,
      reason: digits < 7 ? S.thisNumberIsToo : S.noSuchNumberExists,
    };
  }
  return { ok: true, e164: parsed.number, display: displayPhone(parsed.number, region) };
}

/// A stored number (usually E.164) for display: national format when it is in the
/// user's region, international otherwise; anything unparsable is shown as it is.
export function displayPhone(value: string | null | undefined, region: CountryCode = DEFAULT_REGION): string {
  if (!value) {
    return "";
  }
  const parsed = parsePhoneNumberFromString(value, region);
  if (!parsed || !parsed.isValid()) {
    return value;
  }
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/// The country a number belongs to (`+1 416…` is CA, not US), when it can tell.
export function countryOf(value: string | null | undefined): CountryCode | undefined {
  return value ? parsePhoneNumberFromString(value)?.country : undefined;
}

/// A country's name in the user's language ("Canada"), or its code where unknown.
export function countryName(code: string, locale?: string): string {
  try {
    return new Intl.DisplayNames(locale ? [locale] : undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
