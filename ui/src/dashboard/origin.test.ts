import { describe, expect, it } from "vitest";
import { changeLabel, changeTrend, offlineReasons, originNote, unreachable } from "./origin";
import type { AppError } from "../lib/bindings";

const now = new Date("2026-03-18T12:00:00Z");

describe("originNote", () => {
  it("says KaiCalls' numbers are KaiCalls' and how old", () => {
    expect(originNote({ kind: "server", read_at: "2026-03-18T11:58:00Z" }, now)).toEqual({
      kind: "server",
      text: "From KaiCalls, 2 minutes ago",
    });
  });

  it("marks the offline copy with its age and why it is used", () => {
    const unreachable = originNote(
      { kind: "offline_copy", as_of: "2026-03-18T10:00:00Z", why: "unreachable", partial: false },
      now,
    );
    expect(unreachable.kind).toBe("offline_copy");
    expect(unreachable.text).toMatch(/^From the offline copy, as of \S.+$/);
    expect(unreachable.text).not.toContain("reached");
    const scoped = originNote({ kind: "offline_copy", as_of: null, why: "business_filter", partial: true }, now);
    expect(scoped.text).toContain("of unknown age");
    expect(scoped.text).toContain("counts may be low");
  });

  it("says once why panels are offline, each reason once", () => {
    const server = { kind: "server" as const, read_at: "2026-03-18T11:58:00Z" };
    expect(offlineReasons([server])).toEqual([]);
    const off = (why: "unreachable" | "business_filter") =>
      ({ kind: "offline_copy", as_of: null, why, partial: false }) as const;
    const reasons = offlineReasons([off("business_filter"), server, off("business_filter"), off("unreachable")]);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toContain("can't be reached");
    expect(reasons[1]).toContain("cover all your businesses");
  });

  it("says KaiCalls is being asked, unless it is known out of reach", () => {
    const off = (why: "unreachable" | "asking") =>
      ({ kind: "offline_copy", as_of: null, why, partial: false }) as const;
    expect(offlineReasons([off("asking")])).toEqual([expect.stringContaining("Asking KaiCalls")]);
    expect(offlineReasons([off("asking"), off("unreachable")])).toEqual([expect.stringContaining("can't be reached")]);
    // The shell's sync already found KaiCalls out of reach: not "asking" under "Offline".
    expect(offlineReasons([off("asking")], true)).toEqual([expect.stringContaining("can't be reached")]);
    expect(unreachable([off("asking")])).toBe(false);
    expect(unreachable([off("asking"), off("unreachable")])).toBe(true);
  });

  it("gives the reason a panel is unknown", () => {
    const error: AppError = {
      code: "not_cached",
      message: "The offline copy has no calls yet.",
      may_have_taken_effect: false,
      retry: "later",
    };
    expect(originNote({ kind: "unknown", error }, now)).toEqual({ kind: "unknown", text: error.message });
  });
});

describe("changeLabel", () => {
  it("signs and rounds percent changes, and keeps unknown apart from no change", () => {
    expect(changeLabel(20.83)).toBe("+21%");
    expect(changeLabel(2.38)).toBe("+2.4%");
    expect(changeLabel(-75)).toBe("−75%");
    expect(changeLabel(0)).toBe("No change");
    expect(changeLabel(null)).toBe("Unknown");
    expect([changeTrend(5), changeTrend(-1), changeTrend(0), changeTrend(null)]).toEqual([
      "up",
      "down",
      "flat",
      "flat",
    ]);
  });
});
