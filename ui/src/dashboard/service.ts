// The dashboard's way to Rust: KaiCalls' analytics reports, each panel from the offline
// copy where KaiCalls can't answer. Answers them or throws an AppError (lib/api.ts).
import { commands, type Grouping } from "../lib/bindings";
import { unwrap } from "../lib/api";
import { bootMark, bootMarks } from "../lib/bootMarks";

export interface DashboardQuery {
  days: number;
  groupBy: Grouping;
  businessId: string | null;
  /// Ask KaiCalls again rather than reuse its answer of the last minute.
  refresh?: boolean;
  /// Answer at once from what is at hand (the last minute's answers, else the offline
  /// copy), asking KaiCalls nothing: the first paint, before the full answer.
  atHand?: boolean;
}

/// Days break at the user's local midnight offline (the offset is in minutes east of UTC,
/// the opposite sign of `Date.getTimezoneOffset`).
export function loadDashboard(q: DashboardQuery, now: Date = new Date()) {
  bootMark("request_ms");
  const answer = unwrap(
    commands.dashboard({
      days: q.days,
      group_by: q.groupBy,
      business_id: q.businessId,
      utc_offset_minutes: -now.getTimezoneOffset(),
      refresh: q.refresh ?? false,
      at_hand: q.atHand ?? false,
    }),
  );
  void answer.then(
    () => bootMark("answered_ms"),
    () => {},
  );
  return answer;
}

let readySent = false;

/// Tells Rust, once per window, that the first dashboard with data has been painted: after
/// the next frame's paint (a task queued from its animation frame), so the start-up
/// benchmark's ready mark (src-tauri/ready.rs) covers the painted screen.
export function markReady(): void {
  if (readySent) {
    return;
  }
  readySent = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      bootMark("painted_ms");
      void commands.dashboardReady(bootMarks()).catch(() => {});
    }, 0),
  );
}
