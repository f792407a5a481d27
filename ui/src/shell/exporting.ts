// Runs a CSV export and says how it went: where the rows went, nothing if the save was
// cancelled, or the error. Shared by the Calls and Leads screens and the command palette.
import type { Exported } from "../lib/bindings";
import { exportedText } from "../lib/exported";
import { toast, toastError } from "./notices.svelte";

export async function announceExport(run: () => Promise<Exported>): Promise<void> {
  try {
    const text = exportedText(await run());
    if (text) {
      toast(text);
    }
  } catch (e) {
    toastError(e);
  }
}
