import { describe, expect, it } from "vitest";
import { parseTranscript } from "./transcript";

describe("parseTranscript", () => {
  it("turns Agent:/Caller: lines into turns", () => {
    expect(parseTranscript("Agent: Hi, this is Kai.\nCaller: My roof is leaking.\nAgent: I can help.")).toEqual([
      { speaker: "agent", label: "Agent", text: "Hi, this is Kai." },
      { speaker: "caller", label: "Caller", text: "My roof is leaking." },
      { speaker: "agent", label: "Agent", text: "I can help." },
    ]);
  });

  it("recognises other spellings and continues turns across unlabelled lines", () => {
    expect(parseTranscript("AI: Hello\r\nUser: Hi\nsecond line: with a colon\n\n")).toEqual([
      { speaker: "agent", label: "AI", text: "Hello" },
      { speaker: "caller", label: "User", text: "Hi\nsecond line: with a colon" },
    ]);
  });

  it("keeps text before any speaker and handles empty input", () => {
    expect(parseTranscript("Call started\nAgent: Hello")).toEqual([
      { speaker: "other", label: "", text: "Call started" },
      { speaker: "agent", label: "Agent", text: "Hello" },
    ]);
    expect(parseTranscript(null)).toEqual([]);
    expect(parseTranscript("")).toEqual([]);
  });
});
