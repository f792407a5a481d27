// The state machine of a dialog that reaches a real person and is billed: placing a call,
// sending a text. So:
// - one `request_id` per dialog, made when it opens; the Rust side never sends an id twice;
// - nothing is sent while a request is in flight (double clicks, Enter held down);
// - after an error where it may have gone through, this dialog never sends again: the
//   user is told to check first;
// - a new `request_id` is made only when the user explicitly tries again after an error
//   that Rust says did nothing (`may_have_taken_effect: false`). This module keeps no
//   list of codes: Rust decides, once, which failures may hide a call placed or a text sent.
import { mayHaveTakenEffect, type ShownError } from "./errors";

export type SendState<T> =
  | { kind: "editing"; requestId: string }
  | { kind: "sending"; requestId: string }
  | { kind: "done"; requestId: string; result: T }
  | { kind: "refused"; requestId: string; error: ShownError }
  | { kind: "uncertain"; requestId: string; error: ShownError };

/// What a send answered, as `settle` takes it.
export type SendOutcome<T> = { ok: true; result: T } | { ok: false; error: ShownError };

/// A random (v4) UUID; `crypto.randomUUID` where the webview has it.
export function newRequestId(): string {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function openSend<T>(makeId: () => string = newRequestId): SendState<T> {
  return { kind: "editing", requestId: makeId() };
}

/// What pressing "Call" or "Send" does: the next state, and whether to send `state.requestId`.
export function submit<T>(
  state: SendState<T>,
  makeId: () => string = newRequestId,
): { state: SendState<T>; send: boolean } {
  switch (state.kind) {
    case "editing":
      return { state: { kind: "sending", requestId: state.requestId }, send: true };
    case "refused":
      // An explicit retry after a clear refusal: a fresh id, a fresh request.
      return { state: { kind: "sending", requestId: makeId() }, send: true };
    default:
      // In flight, done, or maybe done: never send again from this dialog.
      return { state, send: false };
  }
}

/// The answer to the request `requestId`. Answers to anything but the request in flight
/// (a stale or repeated answer) change nothing.
export function settle<T>(state: SendState<T>, requestId: string, outcome: SendOutcome<T>): SendState<T> {
  if (state.kind !== "sending" || state.requestId !== requestId) {
    return state;
  }
  if (outcome.ok) {
    return { kind: "done", requestId, result: outcome.result };
  }
  return mayHaveTakenEffect(outcome.error)
    ? { kind: "uncertain", requestId, error: outcome.error }
    : { kind: "refused", requestId, error: outcome.error };
}

/// Whether the "Call" or "Send" button may be pressed.
export function canSubmit<T>(state: SendState<T>): boolean {
  return state.kind === "editing" || state.kind === "refused";
}
