// Usage's way to Rust: each business's plan, minutes and trial, and the key's API log.
// Answers them or throws an AppError (lib/api.ts).
import { commands } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const loadUsage = () => unwrap(commands.usageGet());
/// The same businesses as the offline copy knows them, with no request.
export const loadKeptUsage = () => unwrap(commands.usageKept());
