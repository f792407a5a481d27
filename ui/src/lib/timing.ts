// Small timing helpers shared by the screens (search box, refresh after event bursts).

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  flush(): void;
}

/// Calls `fn` once `ms` after the last call, with the last arguments. With `maxWait`, a
/// steady stream of calls (a sync burst) still runs it at least that often.
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number, maxWait?: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: A | null = null;
  let firstPending: number | null = null;
  const run = () => {
    timer = null;
    firstPending = null;
    if (last) {
      const args = last;
      last = null;
      fn(...args);
    }
  };
  const debounced = (...args: A) => {
    last = args;
    const now = Date.now();
    firstPending ??= now;
    if (timer !== null) {
      clearTimeout(timer);
    }
    const wait = maxWait === undefined ? ms : Math.max(0, Math.min(ms, firstPending + maxWait - now));
    timer = setTimeout(run, wait);
  };
  debounced.cancel = () => {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = null;
    last = null;
    firstPending = null;
  };
  debounced.flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
    }
    run();
  };
  return debounced;
}

/// Runs `task` and drops the answers of all but the latest run, so a slow answer to an
/// old query never overwrites a newer one.
export function latestOnly<A extends unknown[], T>(
  task: (...args: A) => Promise<T>,
): (...args: A) => Promise<{ current: boolean; value: T }> {
  let generation = 0;
  return async (...args: A) => {
    const mine = ++generation;
    const value = await task(...args);
    return { current: mine === generation, value };
  };
}
