// Unsaved edits that hold the app in place: while a form has some, moving anywhere else
// (the sidebar, a link, Back, a notification) first asks the user through LeaveDialog.
import { router } from "./nav.svelte";

export interface Unsaved {
  /// Says what is unsaved, in plain words ("Your changes to Kai are not saved yet.").
  what: string;
  /// Whether "Leave" keeps the edits somewhere (a draft) or drops them.
  kept: boolean;
  /// Drops the edits, for "Discard and leave".
  discard: () => void;
}

let current = $state<Unsaved | null>(null);

/// Holds every move away until the returned function is called (the edits are saved,
/// reverted, or the form closes). One form at a time: a later call replaces an earlier one.
export function guardUnsaved(unsaved: Unsaved): () => void {
  current = unsaved;
  const stop = router.guardLeaving(() => false);
  return () => {
    stop();
    if (current === unsaved) {
      current = null;
    }
  };
}

export const leaving = {
  /// What the held move would leave behind; `null` when nothing is held.
  get held(): Unsaved | null {
    return router.held ? current : null;
  },
  stay(): void {
    router.stay();
  },
  leave(discard: boolean): void {
    if (discard) {
      current?.discard();
    }
    router.proceed();
  },
};
