// The agents domain's way to Rust: the only code here that calls the generated commands.
// Each function answers the value or throws an AppError (lib/api.ts).
import { commands, type AgentSettings, type EvalEdit, type NewAgent } from "../lib/bindings";
import { unwrap } from "../lib/api";
import { onCore } from "../shell/app.svelte";
import type { EvalProgress } from "./evalTurns";

export const listAgents = () => unwrap(commands.agentsList());
export const listNumbers = () => unwrap(commands.numbersList());
export const listBusinesses = () => unwrap(commands.businessesList());
/// Creates an agent; never retried here (a second create would make a second agent).
export const createAgent = (agent: NewAgent) => unwrap(commands.agentCreate(agent));

// The workbench (one agent): detail, review and save, history and rollback, drafts.

export const getAgent = (id: string) => unwrap(commands.agentGet(id));
export const reviewAgent = (id: string, settings: AgentSettings) => unwrap(commands.agentReview(id, settings));
export const saveAgent = (id: string, settings: AgentSettings, smsReason: string | null) =>
  unwrap(commands.agentSave(id, settings, smsReason));
export const agentHistory = (id: string) => unwrap(commands.agentHistory(id));
export const reviewRollback = (id: string, version: number) => unwrap(commands.agentRollbackReview(id, version));
export const rollbackAgent = (id: string, version: number) => unwrap(commands.agentRollback(id, version));
export const runGate = (id: string, version: number) => unwrap(commands.agentRunGate(id, version));
export const setEvalGate = (id: string, on: boolean) => unwrap(commands.agentSetEvalGate(id, on));
export const loadDraft = (id: string) => unwrap(commands.agentDraftGet(id));
export const keepDraft = (id: string, settings: AgentSettings) => unwrap(commands.agentDraftSave(id, settings));
export const discardDraft = (id: string) => unwrap(commands.agentDraftDiscard(id));

// Evals: an agent's scenarios (list, read whole, save, delete) and their runs.

export const listEvals = (agentId: string) => unwrap(commands.evalsList(agentId));
export const getEval = (id: string) => unwrap(commands.evalGet(id));
export const saveEval = (agentId: string, edit: EvalEdit) => unwrap(commands.evalSave(agentId, edit));
export const deleteEval = (id: string) => unwrap(commands.evalDelete(id));
/// Runs one scenario, or all of the agent's (`null`), and waits for the results.
export const runEvals = (agentId: string, evalId: string | null) => unwrap(commands.evalsRun(agentId, evalId));
export const listEvalRuns = (agentId: string) => unwrap(commands.evalRunsList(agentId));

/// Calls `listener` as each scenario of `agentId`'s eval runs ends (Rust's EvalProgress);
/// answers the function that stops listening.
export const onEvalProgress = (agentId: string, listener: (progress: EvalProgress) => void) =>
  onCore((event) => {
    if (event.type === "eval_progress" && event.agent_id === agentId) {
      listener({ done: event.done, total: event.total });
    }
  });
