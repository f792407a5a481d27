import { describe, expect, it } from "vitest";
import { actionLabel, reachesThem, segmentLabel } from "./labels";

describe("SDR labels", () => {
  it("says segments and actions in plain words, and unknown ones readably", () => {
    expect(segmentLabel("speed_to_lead")).toBe("New: call now");
    expect(segmentLabel("brand_new_segment")).toBe("Brand new segment");
    expect(actionLabel("sms")).toBe("Text");
    expect(actionLabel(null)).toBe("Nothing now");
    expect(actionLabel("fax_them")).toBe("Fax them");
  });

  it("asks before actions that reach the person", () => {
    expect(["call", "sms", "email"].every(reachesThem)).toBe(true);
    expect(["skip", "pause", "resume", "escalate"].some(reachesThem)).toBe(false);
  });
});
