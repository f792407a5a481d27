// Plain-words messages chosen by error code: the UI never parses message text. A code
// without an entry falls back to the message the Rust side wrote for people.

export interface AppError {
  code: string;
  message: string;
}

const MESSAGES: Record<string, string> = {
  offline: "You're offline. Showing what's saved on this computer.",
  timeout: "KaiCalls took too long to answer. Try again in a moment.",
  unauthorized: "This API key was not accepted. Check it in Settings, or sign in again.",
  forbidden: "This API key isn't allowed to do that. Ask the account owner for a key with more access.",
  rate_limited: "Too many requests for now. Wait a moment and try again.",
  keyring_unavailable:
    "Your system keyring isn't available, so the API key can't be stored safely. Unlock or install a keyring and try again.",
  internal_error: "KaiCalls had a problem on its side. Try again shortly.",
};

export function describe(error: AppError): string {
  return MESSAGES[error.code] ?? error.message;
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
