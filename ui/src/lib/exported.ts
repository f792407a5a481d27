// What the app says after a CSV export.
import type { Exported } from "./bindings";
import { COMMON_STRINGS, COUNTS } from "./strings";

const S = COMMON_STRINGS.exported;

export function exportedText(done: Exported, locale?: string): string | null {
  if (done.path === null) {
    return null;
  }
  return S.savedTo(COUNTS.rows(done.rows, locale), done.path);
}
