import { describe, expect, it } from "vitest";
import { DEFAULTS, emptyForm, hasErrors, toNewAgent, validate } from "./newAgent";

const one = [{ id: "b1", name: "Smith & Lee Law" }];

describe("the create-agent form", () => {
  it("starts from the reference's defaults and the only business", () => {
    const form = emptyForm(one);
    expect(form).toMatchObject({
      business_id: "b1",
      first_message: "Hello! How can I help you today?",
      model_provider: "openai",
      model: "gpt-4.1",
      temperature: "0.7",
    });
    expect(emptyForm([...one, { id: "b2", name: null }]).business_id).toBe("");
  });

  it("names every missing or wrong part before anything is sent", () => {
    const form = { ...emptyForm([]), temperature: "0,7", voice_provider: "vapi" };
    expect(Object.keys(validate(form)).sort()).toEqual(["business_id", "name", "prompt", "temperature", "voice_id"]);
  });

  it("refuses a prompt pasted far past the limit, keeping it in the form", () => {
    const form = { ...emptyForm(one), name: "Night line", prompt: "Call back ".repeat(30_000) };
    expect(validate(form).prompt).toMatch(/the most is 50,000/);
    expect(form.prompt.length).toBe(300_000);
  });

  it("sends the trimmed settings with no outbound, SMS or Vapi fields", () => {
    const form = { ...emptyForm(one), name: " Night line ", prompt: "You answer after hours." };
    expect(hasErrors(validate(form))).toBe(false);
    const sent = toNewAgent(form);
    expect(sent.business_id).toBe("b1");
    expect(sent.settings).toMatchObject({
      name: "Night line",
      inbound_prompt: "You answer after hours.",
      first_message: DEFAULTS.first_message,
      model: "gpt-4.1",
      temperature: 0.7,
      outbound_prompt: "",
      vapi_config: "",
    });
    expect(toNewAgent({ ...form, temperature: " " }).settings.temperature).toBeNull();
  });
});
