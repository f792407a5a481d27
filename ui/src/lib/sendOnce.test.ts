import { describe, expect, it } from "vitest";
import type { AppError, Code } from "./bindings";
import { canSubmit, newRequestId, openSend, settle, submit, type SendState } from "./sendOnce";

const openDial = (make?: () => string) => openSend<string>(make);

const failure = (code: Code, mayHaveTakenEffect: boolean): AppError => ({
  code,
  message: "",
  may_have_taken_effect: mayHaveTakenEffect,
  retry: "never",
});

function ids() {
  let n = 0;
  return () => `req-${++n}`;
}

describe("request ids of calls and texts", () => {
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

  it("keeps what was done on success and never sends again", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    const placed = settle(sending, "req-1", { ok: true, result: "call-9" });
    expect(placed).toEqual({ kind: "done", requestId: "req-1", result: "call-9" });
    expect(submit(placed, make).send).toBe(false);
  });

  it("ignores answers to other requests", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    expect(settle(sending, "req-other", { ok: true, result: "x" })).toBe(sending);
    const editing: SendState<string> = { kind: "editing", requestId: "req-1" };
    expect(settle(editing, "req-1", { ok: true, result: "x" })).toBe(editing);
  });

  it("after a clear refusal, an explicit retry sends a new id", () => {
    const make = ids();
    const sending = submit(openDial(make), make).state;
    const refused = settle(sending, "req-1", { ok: false, error: failure("number_on_dnc", false) });
    expect(refused.kind).toBe("refused");
    expect(canSubmit(refused)).toBe(true);
    const retry = submit(refused, make);
    expect(retry).toEqual({ state: { kind: "sending", requestId: "req-2" }, send: true });
  });

  it("after an error where the call may have gone through, never sends again", () => {
    // Rust's flag decides, whatever the code; a failure on this side (no flag) counts as "may have".
    const errors = [
      failure("timeout", true),
      failure("call_in_progress", true),
      // Even a code that usually means "refused" is uncertain when Rust says it may have dialled.
      failure("validation_error", true),
      { code: "unexpected" as const, message: "IPC failed" },
    ];
    for (const error of errors) {
      const make = ids();
      const sending = submit(openDial(make), make).state;
      const unsure = settle(sending, "req-1", { ok: false, error });
      expect(unsure.kind, error.code).toBe("uncertain");
      expect(canSubmit(unsure)).toBe(false);
      const again = submit(unsure, make);
      expect(again.send).toBe(false);
      expect(again.state.requestId).toBe("req-1");
    }
  });

  it("classifies failures Rust says did nothing as refused, whatever the code", () => {
    for (const code of ["invalid_phone_number", "offline", "payment_required", "timeout"] as Code[]) {
      const make = ids();
      const sending = submit(openDial(make), make).state;
      expect(settle(sending, "req-1", { ok: false, error: failure(code, false) }).kind, code).toBe("refused");
    }
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
