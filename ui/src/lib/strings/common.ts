// The words of the cross-domain helpers (lib/), one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const COMMON_STRINGS = {
  exported: {
    savedTo: (value: string | number, path: string | number) => `Saved ${value} to ${path}.`,
  },
  filters: {
    anyTime: "Any time",
    today: "Today",
    last7Days: "Last 7 days",
    last30Days: "Last 30 days",
    last90Days: "Last 90 days",
  },
  phone: {
    enterTheNumberTo: "Enter the number to call.",
    extensionsCanTBe: "Extensions can't be dialled by the AI agent.",
    aPhoneNumberHas: "A phone number has only digits, spaces and + ( ) - .",
    thisIsNotA: "This is not a phone number.",
    thisNumberIsToo: "This number is too short.",
    noSuchNumberExists: "No such number exists. Check the digits and the country code.",
  },
  syncState: {
    syncing: "Syncing…",
    syncingOf: (collection: string | number, n: string | number, n2: string | number) =>
      `Syncing ${collection} (${n} of ${n2})`,
    syncing2: (collection: string | number, n: string | number) => `Syncing ${collection} (${n})`,
  },
} as const;
