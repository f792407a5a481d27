// The dial dialog's confirmation step as data: what it must say before a billed call,
// and which of its warnings the owner has to acknowledge before "Place the call" is
// enabled. Pure, so the rules are tested without a window.
import type { DialCheck } from "../lib/bindings";
import type { HoursVerdict } from "./callingHours";

export type Review = {
  /// The number as it will be dialled (E.164).
  to: string;
  /// Recent dials and calls to it, and the lead it matches.
  check: DialCheck;
  /// The recipient's local time; null when the time-zone map could not be read.
  hours: HoursVerdict | null;
  /// The number's country when it is not the calling number's (a call abroad).
  abroad: string | null;
};

export type Ack = "hours" | "redial" | "abroad";

/// The warnings that need a tick, in the order shown.
export function acksNeeded(review: Review): Ack[] {
  const needed: Ack[] = [];
  if (review.hours?.kind === "outside") {
    needed.push("hours");
  }
  if (review.check.recent_dials.length > 0 || review.check.recent_calls.length > 0) {
    needed.push("redial");
  }
  if (review.abroad !== null) {
    needed.push("abroad");
  }
  return needed;
}

export function canPlace(review: Review, acked: ReadonlySet<Ack>): boolean {
  return acksNeeded(review).every((a) => acked.has(a));
}

/// The most worrying of this app's recent dials to the number, for the redial warning.
export function redialWarning(check: DialCheck): "uncertain" | "placed" | "called" | null {
  if (check.recent_dials.some((d) => d.state === "uncertain" || d.state === "sending")) {
    return "uncertain";
  }
  if (check.recent_dials.length > 0) {
    return "placed";
  }
  return check.recent_calls.length > 0 ? "called" : null;
}

/// The longest-call choices the dialog offers (seconds), and its default: the
/// reference's 600 s.
export const DURATION_CHOICES = [60, 120, 300, 600, 900, 1200, 1800, 3600] as const;
export const DEFAULT_DURATION = 600;
