// The agents domain's way to Rust: the only code here that calls the generated commands.
// Each function answers the value or throws an AppError (lib/api.ts).
import { commands } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const listAgents = () => unwrap(commands.agentsList());
export const listNumbers = () => unwrap(commands.numbersList());
