// Plain-words messages chosen by error code: the UI never parses message text. The table
// is a Record over the generated `Code` type, so a code added in Rust without words here
// fails the type check. A few codes whose Rust message is already specific to the
// situation (which field, which URL) keep it and only add what to do next.
import type { AppError, Code } from "./bindings";

export type { AppError, Code } from "./bindings";

/// What a failure the UI shows can be: one of Rust's, or something thrown on this side
/// (a failed IPC call, a bug), which has no code of Rust's and says nothing about effects.
export type ShownError = AppError | { code: "unexpected"; message: string };

/// The code and words of any failure shown.
export type ErrorText = Pick<ShownError, "code" | "message">;

type Words = string | ((e: ErrorText) => string);

const keepWithFallback = (fallback: string) => (e: ErrorText) => e.message.trim() || fallback;

const MESSAGES: Record<Code | "unexpected", Words> = {
  // KaiCalls' answers
  unauthorized: "This API key was not accepted. Check it in Settings, or sign in again.",
  // Rust names the permission the key lacks.
  forbidden: keepWithFallback(
    "This API key isn't allowed to do that. Ask the account owner for a key with more access.",
  ),
  not_found: "KaiCalls no longer has this. It may have been deleted; the list refreshes with the next sync.",
  invalid_request: keepWithFallback("KaiCalls didn't accept the request. Check what you entered."),
  validation_error: keepWithFallback("KaiCalls didn't accept what you entered. Check it and try again."),
  email_exists: "An account with this email already exists. Sign in with its API key instead.",
  number_on_dnc:
    "This number is on the Do-Not-Call list, so KaiCalls won't text it. Remove it from the list only if they asked to hear from you.",
  number_opted_out:
    "This person hasn't agreed to receive texts from your business, so KaiCalls won't text them. Call them instead, or ask them to opt in.",
  sms_send_failed: "The text wasn't delivered. Nothing was sent; you can try sending it again.",
  vapi_error: "The voice platform is having trouble. Try again in a few minutes.",
  call_failed:
    "KaiCalls couldn't confirm the call started. It may still have been placed: check the calls list before trying again.",
  payment_required:
    "Your KaiCalls plan is out of credit. Add credit or update billing on kaicalls.com, then try again.",
  rate_limited: "Too many requests for now. Wait a moment and try again.",
  internal_error: "KaiCalls had a problem on its side. Try again shortly.",
  unknown_server_error: keepWithFallback("KaiCalls reported a problem."),
  mcp_error: keepWithFallback("The KaiCalls tool call failed."),
  // The connection and the client
  offline: "You're offline. Showing what's saved on this computer.",
  timeout: "KaiCalls took too long to answer. It may still have gone through: check before trying again.",
  transport_error: "The connection to KaiCalls broke. It may still have gone through: check before trying again.",
  malformed_response: "KaiCalls sent an answer this app couldn't read. If this keeps happening, update the app.",
  invalid_phone_number: keepWithFallback("This is not a phone number that can be dialled."),
  key_refused: keepWithFallback("The API key was not used."),
  invalid_config: keepWithFallback("The connection settings for KaiCalls are not valid."),
  wait_timeout: "This is still in progress. It keeps updating in the background.",
  // The offline copy
  invalid_account_id: "This account's offline copy can't be opened. Please report this as a bug.",
  account_mismatch: "The offline copy on this computer belongs to another account. It is downloaded again.",
  schema_too_new: "The offline copy was made by a newer version of KaiCalls Desktop. Update the app to open it.",
  migration_failed: "The offline copy couldn't be upgraded. Please report this as a bug.",
  corrupt: "The offline copy is damaged. It is set aside and downloaded again from KaiCalls.",
  busy: "The offline copy is busy. Try again in a moment.",
  disk_full: "Your disk is full, so the offline copy can't be saved. Free some space and try again.",
  storage: keepWithFallback("The offline copy couldn't be read or written."),
  invalid_item: "KaiCalls sent a record this app can't store. If this keeps happening, update the app.",
  invalid_cursor: "This list got out of step. Reload it.",
  invalid_edit: keepWithFallback("This edit can't be saved."),
  not_cached: "This isn't in the offline copy yet. It appears after the next sync.",
  outbox_resolved: "This edit was already sent or replaced.",
  data_dir_error: keepWithFallback("A file in the app's data folder couldn't be read or written."),
  // Accounts and the keyring
  keyring_unavailable:
    "Your system keyring isn't available, so the API key can't be stored safely. Unlock or install a keyring and try again.",
  keyring_error: "The system keyring refused to store or read the API key. Unlock it and try again.",
  keyring_memory_only:
    "No system keyring was available when the app started, so keys are kept in memory only and forgotten when it quits. The sandbox works; to use your KaiCalls account, unlock or install a keyring and restart the app.",
  account_not_found: "That account no longer exists on this computer.",
  api_key_missing: "The API key for this account is missing from the system keyring. Sign in again with your key.",
  invalid_input: keepWithFallback("Check what you entered and try again."),
  accounts_file_invalid: keepWithFallback("The list of accounts on this computer can't be read."),
  no_account: "No account is open. Sign in, or explore the sandbox.",
  interrupted: "The app was interrupted. Try again.",
  notification_failed: "The desktop couldn't show a notification. New leads still appear in the app.",
  // Calls placed from the app
  call_in_progress: "This call is already being placed. Wait for it to show up in the calls list.",
  call_outcome_unknown: "We couldn't confirm whether the call was placed. Check the calls list before trying again.",
  export_failed: "The export could not be saved. Try another folder.",
  update_blocked: "A call is being placed. The update installs once KaiCalls has answered; try again in a moment.",
  sdr_in_progress: "This is already being sent. Its outcome shows in the activity log.",
  sms_in_progress: "This text is already being sent. It appears on the lead's timeline once KaiCalls accepts it.",
  no_recording: "This call has no recording.",
  unsafe_link: keepWithFallback("The recording link isn't a web address the app opens. Copy it instead."),
  invalid_dial_link: keepWithFallback("A link asked for a call the app can't prefill. Nothing was dialled."),
  open_failed: keepWithFallback("The recording couldn't be opened on this computer. Copy its link instead."),
  // Live updates
  receiver_unavailable: "The live-updates receiver couldn't start. New leads still arrive with each sync.",
  receiver_not_running: "The live-updates receiver isn't running. New leads still arrive with each sync.",
  invalid_public_url: keepWithFallback("Enter a public web address like https://leads.example.com."),
  unknown_business: "This business isn't part of the account any more. Reopen the account.",
  not_sandbox: "That only works in the sandbox.",
  webhook_not_registered: "Live updates aren't registered yet. Press Register first.",
  route_unreachable: keepWithFallback("The test request didn't come back through your public address."),
  route_refused: keepWithFallback("Your public address answered, but not with this app's receiver."),
  route_not_local: "Your public address leads to another server, not to this app.",
  // The sandbox and the app itself
  sandbox_error: "The sandbox couldn't run on this computer. Try again, or restart the app.",
  cache_rebuilt:
    "The offline copy of your data was damaged, so it was set aside and is being downloaded again from KaiCalls.",
  sandbox_reset: keepWithFallback(
    "The sandbox's saved demo data couldn't be read, so it started again with fresh demo data.",
  ),
  update_available: keepWithFallback("A new version of KaiCalls Desktop is available. Install it from Settings."),
  update_unreachable: "The update server couldn't be reached. Try again later.",
  update_signature_invalid:
    "An update was found but couldn't be verified, so it was not installed. You're still on the current version.",
  update_failed: keepWithFallback("The update couldn't be installed."),
  // This side
  unexpected: keepWithFallback("Something unexpected happened."),
};

export function describe(error: ErrorText): string {
  // A code from a Rust build newer than these words (only possible in development).
  const words = (MESSAGES as Partial<Record<string, Words>>)[error.code];
  if (words === undefined) {
    return error.message;
  }
  return typeof words === "string" ? words : words(error);
}

export function isAppError(value: unknown): value is ShownError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ShownError).code === "string" &&
    typeof (value as ShownError).message === "string"
  );
}

/// Turns anything thrown into a shown error, so every error display has a code.
export function toAppError(value: unknown): ShownError {
  if (isAppError(value)) {
    return value;
  }
  return { code: "unexpected", message: value instanceof Error ? value.message : String(value) };
}

/// Whether the failed action may have been carried out (a call placed): only Rust knows,
/// and says so. A failure on this side (the IPC call itself) is not known to have done
/// nothing, so it counts as "may have".
export function mayHaveTakenEffect(error: ShownError): boolean {
  // Only Rust's errors carry the flag; anything without it is not known to be harmless.
  return !("may_have_taken_effect" in error) || error.may_have_taken_effect === true;
}

/// A form's own check failed before anything was sent (the same code Rust uses for it).
export function inputError(message: string): AppError {
  return { code: "invalid_input", message, may_have_taken_effect: false, retry: "never" };
}
