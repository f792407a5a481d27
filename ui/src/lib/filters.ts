// Filter presets of the calls and leads screens, turned into the store's filters.
import { VOCABULARY } from "./bindings";
import { COMMON_STRINGS } from "./strings";

const S = COMMON_STRINGS.filters;

export type DatePreset = "any" | "today" | "7" | "30" | "90";

export const DATE_PRESETS: Array<{ value: DatePreset; label: string }> = [
  { value: "any", label: S.anyTime },
  { value: "today", label: S.today },
  { value: "7", label: S.last7Days },
  { value: "30", label: S.last30Days },
  { value: "90", label: S.last90Days },
];

/// The `created` range of a preset: from local midnight today, or `n` days back from now.
export function createdRange(preset: DatePreset, now: Date = new Date()): { from: string | null; to: string | null } {
  if (preset === "any") {
    return { from: null, to: null };
  }
  if (preset === "today") {
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return { from: midnight.toISOString(), to: null };
  }
  const days = Number(preset);
  return { from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: null };
}

/// An empty select value means "any".
export function orNull(value: string): string | null {
  const v = value.trim();
  return v === "" ? null : v;
}

/// The call states and pipeline stages a filter offers: Rust's lists, in Rust's order.
export const CALL_STATES = VOCABULARY.call_states;
export const PIPELINE_STAGES = VOCABULARY.pipeline_stages;
export const LEAD_SOURCES = [
  "inbound_call",
  "outbound_call",
  "website",
  "referral",
  "google_ads",
  "facebook",
  "trial_signup",
];
