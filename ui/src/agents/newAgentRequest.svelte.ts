// "New agent" asked for from outside the Agents screen (the command palette): the screen
// opens its create form when the count goes up.
import { go } from "../shell/nav.svelte";

export const newAgent = $state({ requested: 0 });

export function requestNewAgent(): void {
  newAgent.requested += 1;
  go("agents");
}
