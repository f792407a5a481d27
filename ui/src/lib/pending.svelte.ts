// An action the user started (sign in, create an account): busy while it runs, so it is
// not started twice, and its error after, for the form to show.
import { toAppError, type ShownError } from "./errors";

export class Pending {
  busy = $state(false);
  error = $state<ShownError | null>(null);

  /// Runs `action` unless one is running; a throw becomes `error` (an ShownError).
  async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) {
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await action();
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.busy = false;
    }
  }
}
