import { describe, expect, it } from "vitest";
import { checkPhone, displayPhone } from "./phone";

describe("checkPhone", () => {
  it("reads US national formats as +1 and formats them nationally", () => {
    for (const input of [
      "(512) 555-1234",
      "512-555-1234",
      "512.555.1234",
      "+1 512 555 1234",
      "1 (512) 555-1234",
      " 5125551234 ",
    ]) {
      expect(checkPhone(input)).toEqual({ ok: true, e164: "+15125551234", display: "(512) 555-1234" });
    }
  });

  it("keeps international numbers international", () => {
    expect(checkPhone("+44 20 7946 0958")).toEqual({ ok: true, e164: "+442079460958", display: "+44 20 7946 0958" });
  });

  it("accepts the sandbox's magic numbers", () => {
    expect(checkPhone("(512) 555-0001")).toMatchObject({ ok: true, e164: "+15125550001" });
    expect(checkPhone("+15125550002")).toMatchObject({ ok: true, e164: "+15125550002" });
  });

  it("refuses empty, short, impossible, lettered and extension numbers with a reason", () => {
    for (const input of [
      "",
      "   ",
      "555-12",
      "123",
      "+1 012 555 1234",
      "call me",
      "512 555 1234 ext 5",
      "512-555-1234 x12",
    ]) {
      const result = checkPhone(input);
      expect(result.ok, input).toBe(false);
      if (!result.ok) {
        expect(result.reason.length).toBeGreaterThan(5);
      }
    }
    expect(checkPhone("512 555 1234 ext 5")).toMatchObject({ reason: expect.stringContaining("Extensions") });
    expect(checkPhone("")).toMatchObject({ reason: "Enter the number to call." });
  });

  it("uses the given default region", () => {
    expect(checkPhone("020 7946 0958", "GB")).toMatchObject({
      ok: true,
      e164: "+442079460958",
      display: "020 7946 0958",
    });
  });
});

describe("displayPhone", () => {
  it("formats stored E.164 for people and leaves anything else alone", () => {
    expect(displayPhone("+15125551234")).toBe("(512) 555-1234");
    expect(displayPhone("+442079460958")).toBe("+44 20 7946 0958");
    expect(displayPhone("anonymous")).toBe("anonymous");
    expect(displayPhone(null)).toBe("");
    expect(displayPhone(undefined)).toBe("");
  });
});
