// Search's way to Rust: full-text search over the offline cache. Answers the hits or
// throws an AppError (lib/api.ts).
import { commands, type SearchRequest } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const search = (request: SearchRequest) => unwrap(commands.search(request));
