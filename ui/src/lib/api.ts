// Every call into Rust goes through the generated bindings; this only unwraps their
// `{status, data | error}` results into values and thrown AppErrors.
import type { AppError, Result } from "./bindings";

export async function unwrap<T>(pending: Promise<Result<T, AppError>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") {
    return result.data;
  }
  throw result.error;
}
