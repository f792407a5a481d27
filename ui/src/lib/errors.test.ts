import { describe as suite, expect, it } from "vitest";
import type { Code } from "./bindings";
import { describe, toAppError } from "./errors";

suite("error display", () => {
  it("chooses words by code, not by message text", () => {
    expect(describe({ code: "offline", message: "reqwest: connection refused" })).toContain("offline");
    expect(describe({ code: "number_on_dnc", message: "HTTP 400 dnc" })).toContain("Do-Not-Call");
    expect(describe({ code: "no_account", message: "x" })).toContain("explore the sandbox");
    expect(describe({ code: "payment_required", message: "x" })).toContain("credit");
    expect(describe({ code: "cache_rebuilt", message: "x" })).toContain("downloaded again");
  });

  it("falls back to the Rust message for codes it has no words for", () => {
    expect(describe({ code: "teapot" as Code, message: "KaiCalls is a teapot today." })).toBe(
      "KaiCalls is a teapot today.",
    );
  });

  it("keeps the specific Rust message where it names the field, with a fallback", () => {
    expect(describe({ code: "invalid_input", message: "Paste your API key." })).toBe("Paste your API key.");
    expect(describe({ code: "invalid_input", message: "  " })).toBe("Check what you entered and try again.");
  });

  it("tells the user to check before retrying when a call may have gone through", () => {
    expect(describe({ code: "timeout", message: "" })).toMatch(/check/i);
    expect(describe({ code: "call_outcome_unknown", message: "" })).toMatch(/calls list/);
  });

  it("has words for every code the shell introduces", () => {
    for (const code of [
      "no_account",
      "call_in_progress",
      "not_found",
      "not_cached",
      "number_on_dnc",
      "payment_required",
      "receiver_not_running",
      "cache_rebuilt",
      "api_key_missing",
      "sandbox_error",
    ] as Code[]) {
      expect(describe({ code, message: "RUST" }), code).not.toBe("RUST");
    }
  });

  it("wraps anything thrown", () => {
    expect(toAppError(new Error("boom"))).toEqual({ code: "unexpected", message: "boom" });
    expect(toAppError({ code: "x", message: "y" })).toEqual({ code: "x", message: "y" });
    expect(toAppError("plain")).toEqual({ code: "unexpected", message: "plain" });
  });
});
