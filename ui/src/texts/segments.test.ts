import { describe, expect, it } from "vitest";
import { measure, sizeLabel, unicodeNote } from "./segments";

describe("text size", () => {
  it("counts characters and the carrier's parts", () => {
    expect(measure("   ")).toEqual({ characters: 0, segments: 0, unicode: [] });
    const one = measure(" Hi Rosa, when suits you? ");
    expect(one).toEqual({ characters: 24, segments: 1, unicode: [] });
    expect(sizeLabel(one)).toBe("24 characters · 1 text");
    expect(sizeLabel(measure("a".repeat(160)))).toBe("160 characters · 1 text");
    expect(sizeLabel(measure("a".repeat(161)))).toBe("161 characters · sent in 2 parts, billed as 2 texts");
    expect(unicodeNote(measure("plain text"))).toBeNull();
  });

  it("says when a character makes every part shorter", () => {
    const emoji = measure("Thanks! 😀 " + "a".repeat(70));
    expect(emoji.unicode).toEqual(["😀"]);
    expect(emoji.segments).toBe(2);
    expect(unicodeNote(emoji)).toContain("70 characters instead of 160");
  });
});
