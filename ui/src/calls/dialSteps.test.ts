import { describe, expect, it } from "vitest";
import type { Review } from "./dialReview";
import { next, start, type Step } from "./dialSteps";

const review = { to: "+15125550010", check: {}, hours: null, abroad: null } as unknown as Review;
const confirm: Step = { kind: "confirm", review };

describe("the dial dialog's steps", () => {
  it("goes form → checking → confirmation, and back to the form", () => {
    const checking = next(start(), { type: "review" });
    expect(checking).toEqual({ kind: "reviewing" });
    expect(next(checking, { type: "reviewed", review })).toEqual(confirm);
    expect(next(confirm, { type: "back", sending: false })).toEqual({ kind: "edit" });
  });

  it("ignores what makes no sense in a step", () => {
    // A second Review while checking, an answer that arrives after Back.
    expect(next({ kind: "reviewing" }, { type: "review" })).toEqual({ kind: "reviewing" });
    expect(next(start(), { type: "reviewed", review })).toEqual({ kind: "edit" });
    expect(next(confirm, { type: "review" })).toEqual(confirm);
  });

  it("never leaves the confirmation while the call is being placed", () => {
    expect(next(confirm, { type: "back", sending: true })).toEqual(confirm);
  });

  it("returns to the form when a check fails or KaiCalls refuses the number", () => {
    expect(next({ kind: "reviewing" }, { type: "failed" })).toEqual({ kind: "edit" });
    expect(next(confirm, { type: "failed" })).toEqual({ kind: "edit" });
    expect(next(start(), { type: "failed" })).toEqual({ kind: "edit" });
  });
});
