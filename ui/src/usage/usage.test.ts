import { describe, expect, it } from "vitest";
import type { BusinessUsage } from "../lib/bindings";
import { costLabel, endingTrials, minutesLabel, planLabel, trialLabel } from "./usage";
import { trialNoticeText } from "./trialNotice";

const business = (over: Partial<BusinessUsage> = {}): BusinessUsage => ({
  id: "biz-1",
  name: "Smith & Lee Law",
  subscription_status: "trialing",
  minutes_used: 12,
  phone_numbers: 1,
  calls_30_days: 3,
  trial_ends_at: "2026-04-14T00:00:00Z",
  trial_days_left: 12,
  ...over,
});

describe("usage words", () => {
  it("counts a trial down, and says what is not known instead of a number", () => {
    expect(trialLabel(business(), "en-US")).toMatch(/^12 days left \(ends Apr 1[34], 2026/);
    expect(trialLabel(business({ trial_days_left: 1 }), "en-US")).toMatch(/^1 day left/);
    expect(trialLabel(business({ trial_days_left: 0 }), "en-US")).toMatch(/^Ends today/);
    expect(trialLabel(business({ trial_days_left: -2 }), "en-US")).toMatch(/^Ended /);
    expect(trialLabel(business({ trial_days_left: null, trial_ends_at: null }))).toBe("In trial; end date unknown");
    expect(trialLabel(business({ subscription_status: "active", trial_days_left: null, trial_ends_at: null }))).toBe(
      "No trial",
    );
    expect(planLabel(business({ subscription_status: null }))).toBe("Unknown");
    expect(planLabel(business({ subscription_status: "past_due" }))).toBe("Past due");
    expect(minutesLabel(null)).toBe("Unknown");
    expect(minutesLabel(0, "en-US")).toBe("0 min");
    expect(costLabel(null)).toBe("Unknown");
    expect(costLabel(1234, "en-US")).toBe("$12.34");
  });

  it("warns about a trial ending within three days, not one ended or far off", () => {
    const list = [
      business({ id: "a", trial_days_left: 3 }),
      business({ id: "b", trial_days_left: 4 }),
      business({ id: "c", trial_days_left: 0 }),
      business({ id: "d", trial_days_left: -1 }),
      business({ id: "e", trial_days_left: 2, subscription_status: "active" }),
      business({ id: "f", trial_days_left: null }),
    ];
    expect(endingTrials(list).map((b) => b.id)).toEqual(["a", "c"]);
  });
});

describe("the trial banner's words", () => {
  it("says when the trial ends and what to do", () => {
    expect(trialNoticeText("Smith & Lee Law", 2)).toBe(
      "The free trial of Smith & Lee Law ends in 2 days. Choose a plan in the KaiCalls dashboard to keep your agents answering.",
    );
    expect(trialNoticeText("X", 1)).toContain("ends in 1 day.");
    expect(trialNoticeText("X", 0)).toContain("ends today.");
  });
});
