// Lists of calls re-read their rows when a call's status changes (what a status means,
// and its tone, are Rust's), at most every half second and at least every two while
// changes keep coming.
import { callsListStale } from "../lib/syncState";
import { debounce } from "../lib/timing";
import { onCore } from "../shell/app.svelte";

/// Starts listening; returns the function that stops it (an `$effect`'s cleanup).
export function refreshWhenCallsChange(reload: () => void): () => void {
  const refresh = debounce(reload, 500, 2000);
  const stop = onCore((event) => {
    if (callsListStale(event)) {
      refresh();
    }
  });
  return () => {
    stop();
    refresh.cancel();
  };
}
