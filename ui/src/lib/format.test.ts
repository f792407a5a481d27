import { describe, expect, it } from "vitest";
import {
  agentAndLength,
  callParty,
  directionMark,
  formatAgo,
  formatDateTime,
  formatDay,
  formatDuration,
  formatHour,
  formatMinutes,
  formatPercent,
  formatWhen,
  humanize,
} from "./format";

// What a call or lead status means, and its tone, is Rust's rule now (kaicalls-vocab's
// tests hold the cases that were here); the UI only humanizes the words.
describe("statuses", () => {
  it("humanizes keys", () => {
    expect(humanize("inbound_call")).toBe("Inbound call");
    expect(humanize("in-progress")).toBe("In progress");
    expect(humanize("WEBSITE")).toBe("Website");
    expect(humanize(null)).toBe("");
  });
});

describe("durations and numbers", () => {
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(42)).toBe("0:42");
    expect(formatDuration(725)).toBe("12:05");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(null)).toBe("");
    expect(formatDuration(-1)).toBe("");
  });

  it("formats percentages sent as 0–100", () => {
    expect(formatPercent(45.67)).toBe("46%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(Number.NaN)).toBe("–");
  });
});

describe("dates", () => {
  const now = new Date(2026, 2, 18, 15, 30);

  it("shows today's time, yesterday, or a date", () => {
    const today = new Date(2026, 2, 18, 9, 5).toISOString();
    const yesterday = new Date(2026, 2, 17, 22, 0).toISOString();
    const earlier = new Date(2026, 0, 2, 8, 0).toISOString();
    const lastYear = new Date(2025, 11, 31, 8, 0).toISOString();
    expect(formatWhen(today, now, "en-US")).toBe("9:05 AM");
    expect(formatWhen(yesterday, now, "en-US")).toBe("Yesterday 10:00 PM");
    expect(formatWhen(earlier, now, "en-US")).toBe("Jan 2, 8:00 AM");
    expect(formatWhen(lastYear, now, "en-US")).toBe("Dec 31, 2025, 8:00 AM");
    expect(formatWhen(null, now)).toBe("");
    expect(formatWhen("not a date", now)).toBe("");
  });

  it("says how long ago", () => {
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    expect(formatAgo(ago(10_000), now)).toBe("now");
    expect(formatAgo(ago(5 * 60_000), now)).toBe("5 minutes ago");
    expect(formatAgo(ago(3 * 3_600_000), now)).toBe("3 hours ago");
    expect(formatAgo(ago(26 * 3_600_000), now)).toBe("yesterday");
    expect(formatAgo(ago(5 * 86_400_000), now)).toBe("5 days ago");
    expect(formatAgo(null, now)).toBe("never");
    // A clock slightly ahead of the server's is not "in the future".
    expect(formatAgo(new Date(now.getTime() + 5000).toISOString(), now)).toBe("now");
  });

  it("labels chart days as local calendar dates", () => {
    expect(formatDay("2026-03-01", "en-US")).toBe("Mar 1");
    expect(formatDay("garbage")).toBe("garbage");
  });
});

describe("who a call was with", () => {
  const phone = (n: string) => `tel ${n}`;
  const none = { customer_name: null, lead_name: null, number: null };
  it("prefers the name given when dialling, then the linked lead's name", () => {
    expect(callParty({ ...none, customer_name: "Jane", lead_name: "Maria" }, phone)).toBe("Jane");
    expect(callParty({ ...none, lead_name: "Maria", number: "+1512" }, phone)).toBe("Maria");
  });
  it("falls back to a number, then to Unknown caller", () => {
    // Which number (the dialled one, else the lead's) is CallView.number's rule, in Rust.
    expect(callParty({ ...none, number: "+1737" }, phone)).toBe("tel +1737");
    expect(callParty({ ...none, lead_name: "  " }, phone)).toBe("Unknown caller");
  });
});

describe("a call row", () => {
  it("marks the direction, or a dot while it is unknown", () => {
    expect([directionMark("outbound"), directionMark("inbound"), directionMark(null)]).toEqual(["↗", "↙", "•"]);
  });
  it("names the agent and the length when there is one", () => {
    expect(agentAndLength({ agent_name: "Kai", duration_seconds: 141 })).toBe("Kai · 2:21");
    expect(agentAndLength({ agent_name: null, duration_seconds: 0 })).toBe("Unknown agent");
  });
});

// Tests run in en-US (src/testing/setup.ts); the same helpers in another locale follow it.
describe("in the user's locale", () => {
  const now = new Date(2026, 2, 18, 15, 30);
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it("writes dates and times as de-DE does", () => {
    const yesterday = new Date(2026, 2, 17, 22, 0).toISOString();
    const earlier = new Date(2026, 0, 2, 8, 0).toISOString();
    expect(formatWhen(new Date(2026, 2, 18, 9, 5).toISOString(), now, "de-DE")).toBe("9:05");
    expect(formatWhen(yesterday, now, "de-DE")).toBe("Gestern 22:00");
    expect(formatWhen(earlier, now, "de-DE")).toBe("2. Jan., 8:00");
    expect(formatDay("2026-03-01", "de-DE")).toBe("1. März");
    expect(formatDateTime(earlier, "de-DE")).toBe("02.01.2026, 08:00");
    expect(formatHour(15, "de-DE")).toBe("15 Uhr");
    expect(formatHour(15)).toBe("3 PM");
  });

  it("says how long ago in German", () => {
    expect(formatAgo(ago(5 * 60_000), now, "de-DE")).toBe("vor 5 Minuten");
    expect(formatAgo(ago(26 * 3_600_000), now, "de-DE")).toBe("gestern");
    expect(formatAgo(ago(10_000), now, "de-DE")).toBe("jetzt");
  });

  it("writes percentages and lengths with the locale's numbers and units", () => {
    expect(formatPercent(45.67, "de-DE")).toBe("46\u00a0%");
    expect(formatMinutes(300)).toBe("5 min");
    expect(formatMinutes(5400)).toBe("1 hr, 30 min");
    expect(formatMinutes(5400, "de-DE")).toBe("1 Std., 30 Min.");
    expect(formatMinutes(null)).toBe("");
  });

  it("takes the locale from setLocale, else the system", async () => {
    const { locale, setLocale } = await import("./locale");
    setLocale("de-DE");
    expect(locale()).toBe("de-DE");
    expect(formatPercent(50)).toBe("50\u00a0%");
    setLocale(null);
    expect(locale()).toBe((globalThis as { navigator?: Navigator }).navigator?.language || "en-US");
  });
});
