// Plain-words messages chosen by error code: the UI never parses message text. A code
// without an entry falls back to the message the Rust side wrote for people; a few codes
// whose Rust message is already specific to the situation (which field, which URL) keep
// it and only add what to do next.

export interface AppError {
  code: string;
  message: string;
}

type Words = string | ((e: AppError) => string);

const keepWithFallback = (fallback: string) => (e: AppError) => e.message.trim() || fallback;

const MESSAGES: Record<string, Words> = {
  offline: "You're offline. Showing what's saved on this computer.",
  timeout: "KaiCalls took too long to answer. It may still have gone through: check before trying again.",
  transport_error: "The connection to KaiCalls broke. It may still have gone through: check before trying again.",
  call_outcome_unknown: "We couldn't confirm whether the call was placed. Check the calls list before trying again.",
  unauthorized: "This API key was not accepted. Check it in Settings, or sign in again.",
  forbidden: "This API key isn't allowed to do that. Ask the account owner for a key with more access.",
  rate_limited: "Too many requests for now. Wait a moment and try again.",
  keyring_unavailable:
    "Your system keyring isn't available, so the API key can't be stored safely. Unlock or install a keyring and try again.",
  keyring_error: "The system keyring refused to store or read the API key. Unlock it and try again.",
  internal_error: "KaiCalls had a problem on its side. Try again shortly.",
  malformed_response: "KaiCalls sent an answer this app couldn't read. If this keeps happening, update the app.",
  no_account: "No account is open. Sign in, or explore the sandbox.",
  call_in_progress: "This call is already being placed. Wait for it to show up in the calls list.",
  not_found: "This isn't in the offline copy yet. It appears after the next sync.",
  account_not_found: "That account no longer exists on this computer.",
  invalid_input: keepWithFallback("Check what you entered and try again."),
  validation_error: keepWithFallback("KaiCalls didn't accept what you entered. Check it and try again."),
  invalid_request: keepWithFallback("KaiCalls didn't accept the request. Check what you entered."),
  invalid_phone_number: keepWithFallback("This is not a phone number that can be dialled."),
  invalid_public_url: keepWithFallback("Enter a public web address like https://leads.example.com."),
  number_on_dnc: "This number is on the Do-Not-Call list, so KaiCalls won't dial it.",
  number_opted_out: "This person asked not to be called by your business, so KaiCalls won't dial them.",
  payment_required:
    "Your KaiCalls plan is out of credit. Add credit or update billing on kaicalls.com, then try again.",
  email_exists: "An account with this email already exists. Sign in with its API key instead.",
  receiver_not_running: "The live-updates receiver isn't running. New leads still arrive with each sync.",
  receiver_unavailable: "The live-updates receiver couldn't start. New leads still arrive with each sync.",
  route_unreachable: keepWithFallback("The test request didn't come back through your public address."),
  route_refused: keepWithFallback("Your public address answered, but not with this app's receiver."),
  webhook_not_registered: "Live updates aren't registered yet. Press Register first.",
  cache_rebuilt:
    "The offline copy of your data was damaged, so it was set aside and is being downloaded again from KaiCalls.",
  edit_superseded: "Your edit wasn't sent because the lead was changed on KaiCalls in the meantime.",
  outbox_resolved: "This edit was already sent or replaced.",
  api_key_missing: "The API key for this account is missing from the system keyring. Sign in again with your key.",
  key_refused: keepWithFallback("The API key was not used."),
  sandbox_error: "The sandbox couldn't run on this computer. Try again, or restart the app.",
  not_sandbox: "That only works in the sandbox.",
  disk_full: "Your disk is full, so the offline copy can't be saved. Free some space and try again.",
  busy: "The offline copy is busy. Try again in a moment.",
  interrupted: "The app was interrupted. Try again.",
  update_unreachable: "The update server couldn't be reached. Try again later.",
  update_signature_invalid:
    "An update was found but couldn't be verified, so it was not installed. You're still on the current version.",
  unexpected: keepWithFallback("Something unexpected happened."),
};

export function describe(error: AppError): string {
  const words = MESSAGES[error.code];
  if (words === undefined) {
    return error.message;
  }
  return typeof words === "string" ? words : words(error);
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).code === "string" &&
    typeof (value as AppError).message === "string"
  );
}

/// Turns anything thrown into an AppError, so every error display has a code.
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) {
    return value;
  }
  return { code: "unexpected", message: value instanceof Error ? value.message : String(value) };
}
