// The dial dialog's state machine. Placing a call dials a real person and is billed, so:
// - one `request_id` per dialog, made when it opens; the Rust side never dials an id twice;
// - nothing is sent while a request is in flight (double clicks, Enter held down);
// - after an error where the call may have gone through, this dialog never sends again:
//   the user is told to check the calls list first;
// - a new `request_id` is made only when the user explicitly tries again after an error
//   that Rust says placed nothing (`may_have_taken_effect: false`). This module keeps no
//   list of codes: Rust decides, once, which failures may hide a placed call.
import { mayHaveTakenEffect, type ShownError } from "../lib/errors";

export type DialState =
  | { kind: "editing"; requestId: string }
  | { kind: "sending"; requestId: string }
  | { kind: "placed"; requestId: string; callId: string }
  | { kind: "not_placed"; requestId: string; error: ShownError }
  | { kind: "uncertain"; requestId: string; error: ShownError };

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

export function openDial(makeId: () => string = newRequestId): DialState {
  return { kind: "editing", requestId: makeId() };
}

/// What pressing "Call" does: the next state, and whether to send `state.requestId`.
export function submit(state: DialState, makeId: () => string = newRequestId): { state: DialState; send: boolean } {
  switch (state.kind) {
    case "editing":
      return { state: { kind: "sending", requestId: state.requestId }, send: true };
    case "not_placed":
      // An explicit retry after a clear refusal: a fresh id, a fresh request.
      return { state: { kind: "sending", requestId: makeId() }, send: true };
    default:
      // In flight, placed, or maybe placed: never send again from this dialog.
      return { state, send: false };
  }
}

/// The answer to the request `requestId`. Answers to anything but the request in flight
/// (a stale or repeated answer) change nothing.
export function settle(
  state: DialState,
  requestId: string,
  outcome: { ok: true; callId: string } | { ok: false; error: ShownError },
): DialState {
  if (state.kind !== "sending" || state.requestId !== requestId) {
    return state;
  }
  if (outcome.ok) {
    return { kind: "placed", requestId, callId: outcome.callId };
  }
  return mayHaveTakenEffect(outcome.error)
    ? { kind: "uncertain", requestId, error: outcome.error }
    : { kind: "not_placed", requestId, error: outcome.error };
}

/// Whether the "Call" button may be pressed.
export function canSubmit(state: DialState): boolean {
  return state.kind === "editing" || state.kind === "not_placed";
}
