// The eval scenario editor's pure side: its draft turns, to and from the generated
// TurnSpec, the checks made before anything is sent (Rust makes the same ones), moving
// turns, and the words for a result. No Svelte, no commands: unit-tested on its own.
import type { EvalEdit, EvalView, JudgeKind, ScenarioResult, TurnSpec } from "../lib/bindings";
import { COUNTS } from "../lib/strings";
import { AGENTS_STRINGS } from "../lib/strings";

const S = AGENTS_STRINGS.evalTurns;

/// The model an AI judge uses when none is given (Rust's default too).
export const DEFAULT_JUDGE_MODEL = "gpt-4.1";

export type TurnRole = "user" | "assistant";

/// One turn as the form holds it. An agent turn's `content` is its judge's text (the exact
/// reply, the pattern or the rubric); a caller turn's is what the caller says. `kind` and
/// `model` are kept on caller turns too, so switching a turn's role loses nothing.
export interface DraftTurn {
  /// Stable for the form's keyed list while turns move.
  key: number;
  role: TurnRole;
  content: string;
  kind: JudgeKind;
  model: string;
}

export interface Draft {
  id: string | null;
  name: string;
  description: string;
  turns: DraftTurn[];
}

/// What the form's own checks found: per field and per turn (by key), and for the whole.
export interface DraftErrors {
  name: string | null;
  /// e.g. "Add at least one agent turn…"
  turns: string | null;
  byTurn: Record<number, string>;
}

const AI_JUDGE = {
  kind: "ai" as const,
  label: "AI rubric",
  contentLabel: S.rubricPassIfFail,
  placeholder: S.passIfTheAgent,
};

export const JUDGE_KINDS: { kind: JudgeKind; label: string; contentLabel: string; placeholder: string }[] = [
  {
    kind: "exact",
    label: S.exactReply,
    contentLabel: S.exactReplyExpected,
    placeholder: S.thanksForCallingSmith,
  },
  {
    kind: "regex",
    label: S.pattern,
    contentLabel: S.patternRegularExpression,
    placeholder: "(?i)smith\\s*&\\s*lee",
  },
  AI_JUDGE,
];

export const judgeInfo = (kind: JudgeKind) => JUDGE_KINDS.find((k) => k.kind === kind) ?? AI_JUDGE;

let nextKey = 1;

export function newTurn(role: TurnRole, kind: JudgeKind = "ai"): DraftTurn {
  return { key: nextKey++, role, content: "", kind, model: "" };
}

/// A new scenario's form: the caller speaks, the agent's reply is graded.
export function emptyDraft(): Draft {
  return { id: null, name: "", description: "", turns: [newTurn("user"), newTurn("assistant")] };
}

export function fromSpec(t: TurnSpec): DraftTurn {
  const role: TurnRole = t.role === "assistant" ? "assistant" : "user";
  if (role === "assistant") {
    return {
      key: nextKey++,
      role,
      content: t.judge?.content ?? t.content,
      kind: t.judge?.kind ?? "ai",
      model: t.judge?.model ?? "",
    };
  }
  return { key: nextKey++, role, content: t.content, kind: "ai", model: "" };
}

/// The form for a scenario read whole (with its turns).
export function fromView(view: EvalView): Draft {
  return {
    id: view.id,
    name: view.name,
    description: view.description ?? "",
    turns: (view.turns ?? []).map(fromSpec),
  };
}

export function toSpec(t: DraftTurn): TurnSpec {
  if (t.role === "assistant") {
    return {
      role: "assistant",
      content: "",
      judge: { kind: t.kind, content: t.content.trim(), model: t.kind === "ai" ? t.model.trim() : "" },
    };
  }
  return { role: "user", content: t.content.trim(), judge: null };
}

export function toEdit(draft: Draft): EvalEdit {
  return {
    id: draft.id,
    name: draft.name.trim(),
    description: draft.description.trim(),
    turns: draft.turns.map(toSpec),
  };
}

/// What a turn's empty content should say (Rust says the same, after "Turn N:").
function missing(t: DraftTurn): string {
  if (t.role === "user") {
    return S.writeWhatTheCaller;
  }
  switch (t.kind) {
    case "exact":
      return S.writeTheExactReply;
    case "regex":
      return S.writeThePatternThe;
    case "ai":
      return S.writeTheRubricPass;
  }
}

export function validate(draft: Draft): DraftErrors {
  const errors: DraftErrors = { name: null, turns: null, byTurn: {} };
  if (draft.name.trim() === "") {
    errors.name = S.giveTheScenarioA;
  }
  if (draft.turns.length === 0) {
    errors.turns = S.addTheConversationWhat;
  } else if (!draft.turns.some((t) => t.role === "assistant")) {
    errors.turns = S.addAtLeastOne;
  }
  for (const t of draft.turns) {
    // A pattern is checked by Rust only: its regex dialect is not JavaScript's.
    if (t.content.trim() === "") {
      errors.byTurn[t.key] = missing(t);
    }
  }
  return errors;
}

export const hasErrors = (e: DraftErrors) => e.name !== null || e.turns !== null || Object.keys(e.byTurn).length > 0;

/// The turns with the one at `index` moved by `by` (-1 up, +1 down); unchanged at an end.
export function moveTurn<T>(turns: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= turns.length || to < 0 || to >= turns.length) {
    return [...turns];
  }
  // Both indexes are in range (checked above), so neither element is missing.
  return turns.map((t, i) => (i === index ? turns[to] : i === to ? turns[index] : t) as T);
}

export function removeTurn<T>(turns: readonly T[], index: number): T[] {
  return turns.filter((_, i) => i !== index);
}

export type ResultTone = "ok" | "bad" | "neutral";

/// A scenario's or a turn's verdict as a chip.
export function verdict(passed: boolean | null, unknown: string = S.neverRun): { label: string; tone: ResultTone } {
  if (passed === null) {
    return { label: unknown, tone: "neutral" };
  }
  return passed ? { label: S.passed, tone: "ok" } : { label: S.failed, tone: "bad" };
}

/// "Was passing before" (or failing) when the result changed since the run before.
export function changeNote(r: Pick<ScenarioResult, "passed" | "passed_before">): string | null {
  if (r.passed === null || r.passed_before === null || r.passed === r.passed_before) {
    return null;
  }
  return r.passed_before ? S.wasPassingBefore : S.wasFailingBefore;
}

/// A scenario result's words while it has no verdict yet.
export function pendingLabel(status: string): string {
  switch (status) {
    case "queued":
      return S.queued;
    case "in-progress":
      return S.stillRunning;
    default:
      return S.noVerdict;
  }
}

export const roleLabel = (role: string) => (role === "assistant" ? S.agent : role === "user" ? S.caller : role);

/// How far a run of evals is: scenarios ended out of those started.
export interface EvalProgress {
  done: number;
  total: number;
}

export const progressLabel = (p: EvalProgress) => `${p.done} of ${p.total} done`;

/// The run button's label while it runs: the count, then how far along Rust says it is.
export function runningLabel(count: number, progress: EvalProgress | null = null): string {
  if (progress && progress.total > 1) {
    return S.running(progressLabel(progress));
  }
  return COUNTS.runningScenarios(count);
}

/// Whether a failed action may be offered again as it is ("Try again"): not when Rust
/// says it fails the same way or may already have taken effect.
export const retryable = (error: { code: string; retry?: string }) => error.retry !== "never";
