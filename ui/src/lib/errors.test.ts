import { describe as suite, expect, it } from "vitest";
import { describe, toAppError } from "./errors";

suite("error display", () => {
  it("chooses words by code, not by message text", () => {
    expect(describe({ code: "offline", message: "reqwest: connection refused" })).toContain("offline");
  });

  it("falls back to the Rust message for codes it has no words for", () => {
    expect(describe({ code: "number_on_dnc", message: "This number is on the Do-Not-Call list." })).toBe(
      "This number is on the Do-Not-Call list.",
    );
  });

  it("wraps anything thrown", () => {
    expect(toAppError(new Error("boom"))).toEqual({ code: "unexpected", message: "boom" });
    expect(toAppError({ code: "x", message: "y" })).toEqual({ code: "x", message: "y" });
  });
});
