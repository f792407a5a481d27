// The create-agent form's pure side: its defaults (the reference's), the checks made
// before anything is sent (Rust makes them again, so nothing wrong reaches KaiCalls), and the
// generated NewAgent it becomes. No Svelte, no commands: unit-tested on its own.
import type { AgentSettings, BusinessView, NewAgent } from "../lib/bindings";
import { formatNumber } from "../lib/locale";

/// What KaiCalls uses when a new agent says nothing else (the reference's defaults).
export const DEFAULTS = {
  first_message: "Hello! How can I help you today?",
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
    errors.business_id = "Choose the business the agent answers for.";
  }
  const name = form.name.trim();
  if (name === "") {
    errors.name = "Give the agent a name.";
  } else if (name.length > MAX_NAME_CHARS) {
    errors.name = `The name is ${name.length} characters; the most is ${MAX_NAME_CHARS}.`;
  }
  if (form.prompt.trim() === "") {
    errors.prompt = "Write the system prompt: who the agent is and what it does on a call.";
  } else if (form.prompt.length > MAX_PROMPT_CHARS) {
    errors.prompt = `The prompt is ${formatNumber(form.prompt.length)} characters; the most is ${formatNumber(MAX_PROMPT_CHARS)}. Was something pasted twice?`;
  }
  if ((form.voice_provider.trim() === "") !== (form.voice_id.trim() === "")) {
    errors.voice_id = "Give both the voice provider and the voice id, or neither for KaiCalls' default voice.";
  }
  if (temperatureOf(form.temperature) === undefined) {
    errors.temperature = "The temperature must be a number between 0 and 2.";
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
