// The dial dialog's steps, as one explicit machine: the form, the check before the
// confirmation, the confirmation. Sending is lib/sendOnce.ts's business; this says which
// screen shows and what each button may do, so the rules can be read (and tested) here
// rather than found in the handlers. Each opening of the dialog starts a new attempt at
// `start()` (DialDialog keys the attempt on the opening): nothing is reset in place.
import type { Review } from "./dialReview";

export type Step = { kind: "edit" } | { kind: "reviewing" } | { kind: "confirm"; review: Review };

export type StepEvent =
  /// "Review" pressed with a number that reads: the checks start.
  | { type: "review" }
  /// The checks answered: show the confirmation.
  | { type: "reviewed"; review: Review }
  /// A check failed, or KaiCalls refused the number: back to the form to fix it.
  | { type: "failed" }
  /// "Back" on the confirmation (refused while the call is being placed).
  | { type: "back"; sending: boolean };

export function start(): Step {
  return { kind: "edit" };
}

/// The step after `event`; an event that makes no sense in a step changes nothing (a
/// second "Review" while checking, a late answer after "Back").
export function next(step: Step, event: StepEvent): Step {
  switch (event.type) {
    case "review":
      return step.kind === "edit" ? { kind: "reviewing" } : step;
    case "reviewed":
      return step.kind === "reviewing" ? { kind: "confirm", review: event.review } : step;
    case "failed":
      return step.kind === "confirm" || step.kind === "reviewing" ? { kind: "edit" } : step;
    case "back":
      return step.kind === "confirm" && !event.sending ? { kind: "edit" } : step;
  }
}
