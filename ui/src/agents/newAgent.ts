// The create-agent form's pure side: its defaults (the reference's), the checks made
// before anything is sent (Rust makes them again, so nothing wrong reaches KaiCalls), and the
// generated NewAgent it becomes. No Svelte, no commands: unit-tested on its own.
import type { AgentSettings, BusinessView, NewAgent } from "../lib/bindings";
import { formatNumber } from "../lib/locale";
import { AGENTS_STRINGS } from "../lib/strings";

const S = AGENTS_STRINGS.newAgent;

/// What KaiCalls uses when a new agent says nothing else (the reference's defaults).
export const DEFAULTS = {
  first_message: S.helloHowCanI,
  model_provider: "openai",
  model: "gpt-4.1",
  temperature: 0.7,
} as const;

/// The same limits Rust checks (`workbench::MAX_NAME_CHARS`, `MAX_PROMPT_CHARS`).
export const MAX_NAME_CHARS = 120;
export const MAX_PROMPT_CHARS = 50_000;

export interface NewAgentForm {
  business_id: string;
  name: string;
  prompt: string;
  first_message: string;
  voice_provider: string;
  voice_id: string;
  model_provider: string;
  model: string;
  /// As typed: the field is text so "0,7" can be refused in words, not silently dropped.
  temperature: string;
}

export type FormErrors = Partial<Record<keyof NewAgentForm, string>>;

/// A new form: the one business preselected when there is only one.
export function emptyForm(businesses: readonly BusinessView[]): NewAgentForm {
  return {
    business_id: businesses.length === 1 ? (businesses[0]?.id ?? "") : "",
    name: "",
    prompt: "",
    first_message: DEFAULTS.first_message,
    voice_provider: "",
    voice_id: "",
    model_provider: DEFAULTS.model_provider,
    model: DEFAULTS.model,
    temperature: String(DEFAULTS.temperature),
  };
}

function temperatureOf(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") {
    return null;
  }
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 2 ? n : undefined;
}

export function validate(form: NewAgentForm): FormErrors {
  const errors: FormErrors = {};
  if (form.business_id.trim() === "") {
    errors.business_id = S.chooseTheBusinessThe;
  }
  const name = form.name.trim();
  if (name === "") {
    errors.name = S.giveTheAgentA;
  } else if (name.length > MAX_NAME_CHARS) {
    errors.name = S.theNameIsCharacters(name.length, MAX_NAME_CHARS);
  }
  if (form.prompt.trim() === "") {
    errors.prompt = S.writeTheSystemPrompt;
  } else if (form.prompt.length > MAX_PROMPT_CHARS) {
    errors.prompt = S.thePromptIsCharacters(formatNumber(form.prompt.length), formatNumber(MAX_PROMPT_CHARS));
  }
  if ((form.voice_provider.trim() === "") !== (form.voice_id.trim() === "")) {
    errors.voice_id = S.giveBothTheVoice;
  }
  if (temperatureOf(form.temperature) === undefined) {
    errors.temperature = S.theTemperatureMustBe;
  }
  return errors;
}

export const hasErrors = (e: FormErrors) => Object.keys(e).length > 0;

/// The command's argument: the agent's settings with only what a new agent has.
export function toNewAgent(form: NewAgentForm): NewAgent {
  const settings: AgentSettings = {
    name: form.name.trim(),
    inbound_prompt: form.prompt,
    first_message: form.first_message.trim(),
    outbound_prompt: "",
    outbound_first_message: "",
    outbound_llm: "",
    sms_prompt: "",
    sms_llm: "",
    voice_provider: form.voice_provider.trim(),
    voice_id: form.voice_id.trim(),
    model_provider: form.model_provider.trim(),
    model: form.model.trim(),
    temperature: temperatureOf(form.temperature) ?? null,
    metadata: "",
    vapi_config: "",
  };
  return { business_id: form.business_id.trim(), settings };
}
