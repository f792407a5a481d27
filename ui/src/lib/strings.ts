// The words of the UI, in one module so that a translation can be added later. Here: the
// labels several screens use and every phrase with a count in it (through the locale's
// plural rules, lib/locale.ts). Each screen area's own sentences are in lib/strings/<area>.ts
// (one object per component), re-exported below; a component takes its words from there
// and writes none inline (strings.test.ts fails on any). Error messages are lib/errors.ts.
import { plural } from "./locale";

export { ACCOUNTS_STRINGS } from "./strings/accounts";
export { AGENTS_STRINGS } from "./strings/agents";
export { CALLS_STRINGS } from "./strings/calls";
export { COMMON_STRINGS } from "./strings/common";
export { DASHBOARD_STRINGS } from "./strings/dashboard";
export { INBOX_STRINGS } from "./strings/inbox";
export { LEADS_STRINGS } from "./strings/leads";
export { SDR_STRINGS } from "./strings/sdr";
export { SEARCH_STRINGS } from "./strings/search";
export { SETTINGS_STRINGS } from "./strings/settings";
export { SHELL_STRINGS } from "./strings/shell";
export { TEXTS_STRINGS } from "./strings/texts";
export { UI_STRINGS } from "./strings/ui";
export { USAGE_STRINGS } from "./strings/usage";
export const LABELS = {
  unknown: "Unknown",
  unknownCaller: "Unknown caller",
  unknownAgent: "Unknown agent",
  never: "never",
  notANumber: "–",
  business: (idStart: string) => `Business ${idStart}`,
} as const;

/// Phrases with a count: each is `plural(n, { one, other })`, `{n}` the number.
export const COUNTS = {
  rows: (n: number, tag?: string) => plural(n, { one: "{n} row", other: "{n} rows" }, tag),
  days: (n: number, tag?: string) => plural(n, { one: "{n} day", other: "{n} days" }, tag),
  matches: (n: number, tag?: string) => plural(n, { one: "{n} match", other: "{n} matches" }, tag),
  accounts: (n: number, tag?: string) => plural(n, { one: "{n} account", other: "{n} accounts" }, tag),
  characters: (n: number, tag?: string) => plural(n, { one: "{n} character", other: "{n} characters" }, tag),
  unreadableRecords: (n: number, tag?: string) =>
    plural(n, { one: "{n} record could not be read", other: "{n} records could not be read" }, tag),
  runningScenarios: (n: number, tag?: string) =>
    plural(n, { one: "Running {n} scenario…", other: "Running {n} scenarios…" }, tag),
} as const;
