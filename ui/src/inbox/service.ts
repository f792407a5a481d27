// The inbox's way to Rust. Answers values or throws an AppError (lib/api.ts).
import { commands } from "../lib/bindings";
import { unwrap } from "../lib/api";

/// Everyone waiting for a call back, oldest first (of one business when given).
export const listInbox = (businessId: string | null) => unwrap(commands.inboxList(businessId));

/// The owner dealt with an item; a new lead becomes "contacted".
export const handleInbox = (key: string) => unwrap(commands.inboxHandle(key));
