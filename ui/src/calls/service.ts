// The calls domain's way to Rust: the only code here that calls the generated commands.
// Each function answers the value or throws an AppError (lib/api.ts), except placeCall,
// which answers what happened: a billed call is never retried on a thrown error.
import { commands, type CallFilter, type ExportKind, type PageRequest, type PlaceCall } from "../lib/bindings";
import { convertFileSrc } from "@tauri-apps/api/core";
import { unwrap } from "../lib/api";
import { toAppError } from "../lib/errors";
import type { SendOutcome } from "../lib/sendOnce";

export const listCalls = (filter: CallFilter, page: PageRequest) => unwrap(commands.callsList(filter, page));

/// The newest `limit` calls of one lead, and whether it has more.
export async function listCallsOfLead(leadId: string, limit: number) {
  const filter = {
    state: null,
    direction: null,
    agent_id: null,
    lead_id: leadId,
    business_id: null,
    created: { from: null, to: null },
  };
  const page = await listCalls(filter, { limit, after: null });
  return { calls: page.items, more: page.next !== null };
}

export const getCall = (id: string) => unwrap(commands.callGet(id));

/// What the dial confirmation shows about a number (recent dials and calls, its lead).
export const checkDial = (to: string) => unwrap(commands.dialCheck(to));

/// Dials whose outcome is unknown ("may have been placed"), newest first.
export const uncertainDials = () => unwrap(commands.dialsUncertain());

/// The owner has checked an uncertain dial: it leaves the calls list.
export const dismissDial = (requestId: string) => unwrap(commands.dialDismiss(requestId));

/// The in-app player's source for a call's recording: the app's `recording:` protocol
/// (Rust fetches the audio from the checked link; the page loads nothing remote).
export const recordingSrc = (id: string) => convertFileSrc(id, "recording");

/// The recording's audio as a `blob:` URL the player can play (WebKitGTK's media stack
/// cannot read the custom scheme itself; `fetch` can). Revoke it when done.
export async function loadRecording(id: string): Promise<string> {
  const answer = await fetch(recordingSrc(id));
  if (!answer.ok) {
    throw new Error((await answer.text()) || `the recording could not be loaded (${answer.status})`);
  }
  return URL.createObjectURL(await answer.blob());
}

/// Hands the recording to the desktop's default app (by call id: the link is checked on
/// the Rust side, never taken from the page).
export const openRecording = (id: string) => unwrap(commands.callOpenRecording(id));

/// The dial dialog's outcome, as `settle` takes it. A rejected promise (the IPC itself
/// failed) is an outcome too, so nothing is lost to an unhandled throw.
export async function placeCall(call: PlaceCall): Promise<SendOutcome<string>> {
  const result = await commands
    .callPlace(call)
    .catch((e: unknown) => ({ status: "error" as const, error: toAppError(e) }));
  return result.status === "ok" ? { ok: true, result: result.data.call_id } : { ok: false, error: result.error };
}

/// Saves the calls (or their transcripts) as filtered to a CSV file the user picks.
export const exportCalls = (kind: Extract<ExportKind, "calls" | "transcripts">, calls: CallFilter) =>
  unwrap(commands.exportCsv({ kind, calls, leads: null }));
