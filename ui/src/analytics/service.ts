// Analytics' way to Rust: the charts' numbers, computed from the offline cache. Answers
// them or throws an AppError (lib/api.ts).
import { commands } from "../lib/bindings";
import { unwrap } from "../lib/api";

/// The last `days` days, counted in the user's local days (the offset is in minutes east
/// of UTC, the opposite sign of `Date.getTimezoneOffset`).
export const loadAnalytics = (days: number, now: Date = new Date()) =>
  unwrap(commands.analytics(days, -now.getTimezoneOffset()));
