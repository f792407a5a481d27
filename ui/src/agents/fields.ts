// The words the workbench uses for an agent's fields, and the form's sections.
import type { AgentField, AgentSettings } from "../lib/bindings";

const LABELS: Record<AgentField, string> = {
  name: "Name",
  inbound_prompt: "Inbound prompt",
  first_message: "Inbound first message",
  outbound_prompt: "Outbound prompt",
  outbound_first_message: "Outbound first message",
  outbound_llm: "Outbound model",
  sms_prompt: "SMS prompt",
  sms_llm: "SMS model",
  voice: "Voice",
  model: "Model",
  metadata: "Metadata",
  vapi_config: "Vapi config",
};

export function fieldLabel(field: AgentField): string {
  return LABELS[field];
}

/// The editor's sections, in order.
export const SECTIONS = [
  { id: "inbound", label: "Inbound calls" },
  { id: "outbound", label: "Outbound calls" },
  { id: "sms", label: "Text messages" },
  { id: "voice", label: "Voice & model" },
  { id: "vapi", label: "Call behaviour" },
  { id: "metadata", label: "Metadata" },
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
