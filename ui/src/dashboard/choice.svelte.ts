// What the dashboard shows, kept while the app runs so coming back to it finds the same
// range and bars (the business is the top bar's).
import type { Grouping } from "../lib/bindings";

export const RANGES = [7, 30, 90] as const;

export const choice = $state<{ days: number; groupBy: Grouping }>({ days: 30, groupBy: "day" });
