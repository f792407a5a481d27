// What the app says after a CSV export.
import type { Exported } from "./bindings";

export function exportedText(done: Exported, locale?: string): string | null {
  if (done.path === null) {
    return null;
  }
  const rows = new Intl.NumberFormat(locale).format(done.rows);
  return `Saved ${rows} ${done.rows === 1 ? "row" : "rows"} to ${done.path}.`;
}
