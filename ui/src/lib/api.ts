// Every call into Rust goes through the generated bindings; this only unwraps their
// `{status, data | error}` results into values and thrown AppErrors.
import type { AppError } from "./errors";

export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") {
    return result.data;
  }
  throw result.error;
}
