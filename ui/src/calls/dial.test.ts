import { describe, expect, it } from "vitest";
import { canSubmit, clearlyNotPlaced, newRequestId, openDial, settle, submit, type DialState } from "./dial";

function ids() {
  let n = 0;
  return () => `req-${++n}`;
}

describe("dial request ids", () => {
  it("makes the id when the dialog opens and sends it once", () => {
    const make = ids();
    const open = openDial(make);
    expect(open).toEqual({ kind: "editing", requestId: "req-1" });
    const first = submit(open, make);
    expect(first).toEqual({ state: { kind: "sending", requestId: "req-1" }, send: true });
    // A double click, or Enter held down, while in flight: nothing is sent.
    const second = submit(first.state, make);
    expect(second.send).toBe(false);
    expect(second.state).toBe(first.state);
    expect(canSubmit(first.state)).toBe(false);
  });

  it("opens the placed call on success and never sends again", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    const placed = settle(sending, "req-1", { ok: true, callId: "call-9" });
    expect(placed).toEqual({ kind: "placed", requestId: "req-1", callId: "call-9" });
    expect(submit(placed, make).send).toBe(false);
  });

  it("ignores answers to other requests", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    expect(settle(sending, "req-other", { ok: true, callId: "x" })).toBe(sending);
    const editing: DialState = { kind: "editing", requestId: "req-1" };
    expect(settle(editing, "req-1", { ok: true, callId: "x" })).toBe(editing);
  });

  it("after a clear refusal, an explicit retry sends a new id", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    const refused = settle(sending, "req-1", { ok: false, error: { code: "number_on_dnc", message: "" } });
    expect(refused.kind).toBe("not_placed");
    expect(canSubmit(refused)).toBe(true);
    const retry = submit(refused, make);
    expect(retry).toEqual({ state: { kind: "sending", requestId: "req-2" }, send: true });
  });

  it("after an error where the call may have gone through, never sends again", () => {
    for (const code of [
      "timeout",
      "call_outcome_unknown",
      "transport_error",
      "internal_error",
      "call_in_progress",
      "something_new",
    ]) {
      const make = ids();
      const sending = submit(openDial(make), make).state;
      const unsure = settle(sending, "req-1", { ok: false, error: { code, message: "" } });
      expect(unsure.kind, code).toBe("uncertain");
      expect(canSubmit(unsure)).toBe(false);
      const again = submit(unsure, make);
      expect(again.send).toBe(false);
      expect(again.state.requestId).toBe("req-1");
    }
  });

  it("classifies refusals before dialling as not placed", () => {
    for (const code of [
      "invalid_phone_number",
      "validation_error",
      "offline",
      "payment_required",
      "unauthorized",
      "no_account",
    ]) {
      expect(clearlyNotPlaced(code), code).toBe(true);
    }
    expect(clearlyNotPlaced("timeout")).toBe(false);
  });

  it("makes v4 UUIDs even without crypto.randomUUID", () => {
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      const id = newRequestId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(newRequestId()).not.toBe(id);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });

  it("uses crypto.randomUUID by default", () => {
    const a = openDial();
    const b = openDial();
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).not.toBe(b.requestId);
  });
});
