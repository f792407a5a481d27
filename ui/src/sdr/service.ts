// The SDR pipeline's way to Rust, all live. Actions and real runs answer what happened
// (a thrown error is an outcome too), so nothing is sent again because of one.
import {
  commands,
  type SdrActionRequest,
  type SdrConfigView,
  type SdrResultView,
  type SdrRunRequest,
  type SdrRunView,
} from "../lib/bindings";
import { unwrap } from "../lib/api";
import { toAppError } from "../lib/errors";
import type { SendOutcome } from "../lib/sendOnce";

export const loadPipeline = (businessId: string) => unwrap(commands.sdrPipeline(businessId));
export const loadConfig = (businessId: string) => unwrap(commands.sdrConfigGet(businessId));
export const saveConfig = (businessId: string, config: SdrConfigView) =>
  unwrap(commands.sdrConfigSet(businessId, config));
export const loadReport = (businessId: string, period: string) => unwrap(commands.sdrReport(businessId, period));
export const loadActivity = (businessId: string, leadId: string | null) =>
  unwrap(commands.sdrActivity(businessId, leadId));

async function outcome<T>(
  call: Promise<{ status: "ok"; data: T } | { status: "error"; error: Parameters<typeof toAppError>[0] }>,
): Promise<SendOutcome<T>> {
  const result = await call.catch((e: unknown) => ({ status: "error" as const, error: toAppError(e) }));
  return result.status === "ok" ? { ok: true, result: result.data } : { ok: false, error: toAppError(result.error) };
}

export const act = (request: SdrActionRequest): Promise<SendOutcome<SdrResultView>> =>
  outcome(commands.sdrAction(request));
export const run = (request: SdrRunRequest): Promise<SendOutcome<SdrRunView>> => outcome(commands.sdrRun(request));
