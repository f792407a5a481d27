// What the app says after a CSV export.
import type { Exported } from "./bindings";
import { COUNTS } from "./strings";

export function exportedText(done: Exported, locale?: string): string | null {
  if (done.path === null) {
    return null;
  }
  return `Saved ${COUNTS.rows(done.rows, locale)} to ${done.path}.`;
}
