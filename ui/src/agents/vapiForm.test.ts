import { describe, expect, it } from "vitest";
import { phrasesOf, readVapi, writeVapi } from "./vapiForm";

describe("vapi_config forms", () => {
  it("read the common settings and step aside for text that is not an object", () => {
    const text = '{"stopSpeakingPlan":{"numWords":2},"silenceTimeoutSeconds":20,"transcriber":{"x":1}}';
    expect(readVapi(text)).toMatchObject({ numWords: 2, silenceTimeoutSeconds: 20 });
    expect(readVapi("")).toEqual(expect.objectContaining({ numWords: undefined }));
    expect(readVapi("{ oops")).toBeNull();
    expect(readVapi("[1]")).toBeNull();
  });

  it("write one key into the JSON, keeping the others", () => {
    const text = '{"transcriber":{"provider":"deepgram"}}';
    const out = writeVapi(text, "numWords", 3);
    expect(JSON.parse(out)).toEqual({ transcriber: { provider: "deepgram" }, stopSpeakingPlan: { numWords: 3 } });
    expect(JSON.parse(writeVapi(out, "numWords", undefined))).toEqual({ transcriber: { provider: "deepgram" } });
    expect(writeVapi("", "endCallPhrases", [])).toBe("");
    expect(writeVapi("{ oops", "endCallMessage", "Bye")).toBe("{ oops");
    expect(phrasesOf(" goodbye, , talk later ")).toEqual(["goodbye", "talk later"]);
  });
});
