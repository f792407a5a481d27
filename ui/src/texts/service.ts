// Texts' way to Rust: send one (once per dialog), and a lead's texts sent from this app.
import { commands, type SendText, type TextView } from "../lib/bindings";
import { unwrap } from "../lib/api";
import { toAppError } from "../lib/errors";
import type { SendOutcome } from "../lib/sendOnce";

/// The dialog's outcome, as `settle` takes it; a failed IPC call is an outcome too, so a
/// text is never sent again because of a thrown error.
export async function sendText(text: SendText): Promise<SendOutcome<TextView>> {
  const result = await commands
    .smsSend(text)
    .catch((e: unknown) => ({ status: "error" as const, error: toAppError(e) }));
  return result.status === "ok" ? { ok: true, result: result.data } : { ok: false, error: result.error };
}

export const listLeadTexts = (leadId: string) => unwrap(commands.leadTexts(leadId));
