// The friendly forms over `vapi_config`: they read from and write into the raw JSON text,
// which stays the one source (what the user sees in the JSON box is what is sent).

/// The common settings the forms show. Absent keys are undefined.
export interface VapiCommon {
  numWords?: number;
  voiceSeconds?: number;
  backoffSeconds?: number;
  interruptionPhrases?: string[];
  acknowledgementPhrases?: string[];
  endCallPhrases?: string[];
  endCallMessage?: string;
  silenceTimeoutSeconds?: number;
  maxDurationSeconds?: number;
}

type Json = Record<string, unknown>;

function parse(text: string): Json | null {
  if (text.trim() === "") {
    return {};
  }
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

const num = (v: unknown) => (typeof v === "number" ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined);

/// The common settings in `text`, or null when it is not a JSON object (the forms then
/// step aside for the JSON box and its error).
export function readVapi(text: string): VapiCommon | null {
  const c = parse(text);
  if (c === null) {
    return null;
  }
  const plan = (
    typeof c.stopSpeakingPlan === "object" && c.stopSpeakingPlan !== null ? c.stopSpeakingPlan : {}
  ) as Json;
  return {
    numWords: num(plan.numWords),
    voiceSeconds: num(plan.voiceSeconds),
    backoffSeconds: num(plan.backoffSeconds),
    interruptionPhrases: list(plan.interruptionPhrases),
    acknowledgementPhrases: list(plan.acknowledgementPhrases),
    endCallPhrases: list(c.endCallPhrases),
    endCallMessage: str(c.endCallMessage),
    silenceTimeoutSeconds: num(c.silenceTimeoutSeconds),
    maxDurationSeconds: num(c.maxDurationSeconds),
  };
}

const PLAN_KEYS = new Set([
  "numWords",
  "voiceSeconds",
  "backoffSeconds",
  "interruptionPhrases",
  "acknowledgementPhrases",
]);

/// `text` with one common setting set (undefined removes it), other keys kept as they are.
export function writeVapi<K extends keyof VapiCommon>(text: string, key: K, value: VapiCommon[K]): string {
  const c = parse(text);
  if (c === null) {
    return text;
  }
  let target: Json = c;
  if (PLAN_KEYS.has(key)) {
    const plan = c.stopSpeakingPlan;
    target = typeof plan === "object" && plan !== null && !Array.isArray(plan) ? { ...(plan as Json) } : {};
    c.stopSpeakingPlan = target;
  }
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    delete target[key];
  } else {
    target[key] = value;
  }
  if (PLAN_KEYS.has(key) && Object.keys(target).length === 0) {
    delete c.stopSpeakingPlan;
  }
  return Object.keys(c).length === 0 ? "" : JSON.stringify(c, null, 2);
}

/// "a, b, c" ⇄ ["a", "b", "c"] for the phrase inputs.
export const phrasesOf = (text: string): string[] =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
export const phrasesText = (phrases: string[] | undefined): string => (phrases ?? []).join(", ");
