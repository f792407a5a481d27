// The real map the app ships, as Vite bundles it (a data URL here, a file in the app).
import mapUrl from "virtual-timezones.bson?inline";
import { deserialize } from "bson";
import { describe, expect, it } from "vitest";
import { callingHours, zoneMapOf, zonesOf } from "./callingHours";

const map = zoneMapOf(
  deserialize(Uint8Array.from(atob(mapUrl.slice(mapUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0))),
);
const at = (iso: string) => new Date(iso);

describe("calling hours", () => {
  it("finds a number's zone by its longest prefix", () => {
    expect(zonesOf(map, "+12125550123").zones).toEqual(["America/New_York"]);
    expect(zonesOf(map, "+13105550123").zones).toEqual(["America/Los_Angeles"]);
    expect(zonesOf(map, "+442079460958").zones).toEqual(["Europe/London"]);
  });

  it("says ok inside 8 am–9 pm and outside otherwise, in the recipient's time", () => {
    // 13:30 UTC in January is 8:30 in New York (EST) but 5:30 in Los Angeles.
    expect(callingHours(map, "+12125550123", at("2026-01-15T13:30:00Z")).kind).toBe("ok");
    expect(callingHours(map, "+13105550123", at("2026-01-15T13:30:00Z")).kind).toBe("outside");
    // 9 pm is already too late; 8:59 pm is not.
    expect(callingHours(map, "+12125550123", at("2026-01-16T02:00:00Z")).kind).toBe("outside");
    expect(callingHours(map, "+12125550123", at("2026-01-16T01:59:00Z")).kind).toBe("ok");
  });

  it("follows daylight saving on both sides of the change", () => {
    // US clocks go forward on 8 March 2026: 12:30 UTC is 7:30 EST the day before, 8:30 EDT on the day.
    expect(callingHours(map, "+12125550123", at("2026-03-07T12:30:00Z")).kind).toBe("outside");
    expect(callingHours(map, "+12125550123", at("2026-03-08T12:30:00Z")).kind).toBe("ok");
    // The UK goes forward on 29 March 2026: 7:30 UTC is 7:30 GMT before, 8:30 BST after.
    expect(callingHours(map, "+442079460958", at("2026-03-28T07:30:00Z")).kind).toBe("outside");
    expect(callingHours(map, "+442079460958", at("2026-03-29T07:30:00Z")).kind).toBe("ok");
    // Arizona keeps standard time all year: 15:30 UTC is 8:30 in winter and in summer.
    for (const day of ["2026-01-15", "2026-07-01"]) {
      expect(callingHours(map, "+16025550123", at(`${day}T15:30:00Z`))).toEqual({
        kind: "ok",
        times: [{ zone: "America/Phoenix", hour: 8, minute: 30 }],
      });
    }
  });

  it("takes the most restrictive zone of a prefix that spans zones", () => {
    // 1-208-5xx is Boise (Mountain) and Los Angeles (Pacific).
    expect(zonesOf(map, "+12085550123").zones.sort()).toEqual(["America/Boise", "America/Los_Angeles"]);
    // 15:30 UTC in June: 9:30 in Boise, 8:30 in LA: fine. 14:30 UTC: 8:30 and 7:30: not.
    expect(callingHours(map, "+12085550123", at("2026-06-01T15:30:00Z")).kind).toBe("ok");
    const early = callingHours(map, "+12085550123", at("2026-06-01T14:30:00Z"));
    expect(early.kind).toBe("outside");
  });

  it("says unknown for a number that does not tell where it rings", () => {
    expect(callingHours(map, "+18005550123", at("2026-06-01T15:30:00Z"))).toEqual({
      kind: "unknown",
      why: "country_wide",
    });
    expect(callingHours(map, "not a number", at("2026-06-01T15:30:00Z")).kind).toBe("unknown");
  });
});
