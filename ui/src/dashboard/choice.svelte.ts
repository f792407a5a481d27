// What the dashboard shows, kept while the app runs so coming back to it finds the same
// range, bars and business.
import type { Grouping } from "../lib/bindings";

export const RANGES = [7, 30, 90] as const;

export const choice = $state<{ days: number; groupBy: Grouping; businessId: string | null }>({
  days: 30,
  groupBy: "day",
  businessId: null,
});
