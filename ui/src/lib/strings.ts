// The shared words of the UI, in one module so that a translation can be added later:
// the labels several screens use and every phrase with a count in it (through the
// locale's plural rules, lib/locale.ts). Error messages are lib/errors.ts. A screen's own
// sentences are still in its component (see ui/README.md).
import { plural } from "./locale";

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
