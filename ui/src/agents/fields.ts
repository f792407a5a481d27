// The words the workbench uses for an agent's fields, and the form's sections.
import type { AgentField, AgentSettings } from "../lib/bindings";
import { AGENTS_STRINGS } from "../lib/strings";

const S = AGENTS_STRINGS.fields;

const LABELS: Record<AgentField, string> = {
  name: "Name",
  inbound_prompt: S.inboundPrompt,
  first_message: S.inboundFirstMessage,
  outbound_prompt: S.outboundPrompt,
  outbound_first_message: S.outboundFirstMessage,
  outbound_llm: S.outboundModel,
  sms_prompt: "SMS prompt",
  sms_llm: "SMS model",
  voice: S.voice,
  model: S.model,
  metadata: S.metadata,
  vapi_config: S.vapiConfig,
};

export function fieldLabel(field: AgentField): string {
  return LABELS[field];
}

/// The editor's sections, in order.
export const SECTIONS = [
  { id: "inbound", label: S.inboundCalls },
  { id: "outbound", label: S.outboundCalls },
  { id: "sms", label: S.textMessages },
  { id: "voice", label: S.voiceModel },
  { id: "vapi", label: S.callBehaviour },
  { id: "metadata", label: S.metadata },
] as const;

export type SectionId = (typeof SECTIONS)[number]["id"];

/// Which section shows a field (to jump to a problem).
export function sectionOf(field: AgentField): SectionId {
  switch (field) {
    case "name":
    case "inbound_prompt":
    case "first_message":
      return "inbound";
    case "outbound_prompt":
    case "outbound_first_message":
    case "outbound_llm":
      return "outbound";
    case "sms_prompt":
    case "sms_llm":
      return "sms";
    case "voice":
    case "model":
      return "voice";
    case "vapi_config":
      return "vapi";
    case "metadata":
      return "metadata";
  }
}

/// Whether two forms hold the same values (a draft that changes nothing is no draft).
export function sameSettings(a: AgentSettings, b: AgentSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
