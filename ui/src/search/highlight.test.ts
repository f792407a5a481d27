import { describe, expect, it } from "vitest";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S, plainSnippet, splitHighlights } from "./highlight";

describe("splitHighlights", () => {
  it("splits marked matches from plain text", () => {
    expect(splitHighlights(`…the ${S}roof${E} is ${S}leaking${E} again`)).toEqual([
      { text: "…the ", highlighted: false },
      { text: "roof", highlighted: true },
      { text: " is ", highlighted: false },
      { text: "leaking", highlighted: true },
      { text: " again", highlighted: false },
    ]);
  });

  it("handles a snippet that starts or ends with a match, and no match at all", () => {
    expect(splitHighlights(`${S}Alice${E}`)).toEqual([{ text: "Alice", highlighted: true }]);
    expect(splitHighlights("plain text")).toEqual([{ text: "plain text", highlighted: false }]);
    expect(splitHighlights("")).toEqual([]);
  });

  it("skips empty parts and merges adjacent matches", () => {
    expect(splitHighlights(`${S}${E}a${S}b${E}${S}c${E}`)).toEqual([
      { text: "a", highlighted: false },
      { text: "bc", highlighted: true },
    ]);
  });

  it("never leaks markers, even unbalanced ones, and keeps HTML as text", () => {
    const parts = splitHighlights(`${E}<b>x</b> ${S}unclosed`);
    expect(parts).toEqual([
      { text: "<b>x</b> ", highlighted: false },
      { text: "unclosed", highlighted: true },
    ]);
    expect(parts.some((p) => p.text.includes(S) || p.text.includes(E))).toBe(false);
  });

  it("keeps characters outside the BMP intact", () => {
    expect(plainSnippet(`call ${S}📞${E} me`)).toBe("call 📞 me");
  });
});
