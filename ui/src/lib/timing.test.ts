import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, latestOnly } from "./timing";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once with the last arguments after a quiet period", () => {
    const fn = vi.fn();
    const d = debounce(fn, 200);
    d("a");
    vi.advanceTimersByTime(150);
    d("ab");
    vi.advanceTimersByTime(150);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60);
    expect(fn).toHaveBeenCalledExactlyOnceWith("ab");
  });

  it("still runs during a steady stream when given a maximum wait", () => {
    const fn = vi.fn();
    const d = debounce(fn, 500, 2000);
    for (let t = 0; t < 4500; t += 100) {
      d(t);
      vi.advanceTimersByTime(100);
    }
    // Runs at ~2 s and ~4 s despite never being quiet for 500 ms.
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(600);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(fn).toHaveBeenLastCalledWith(4400);
  });

  it("can be cancelled or flushed", () => {
    const fn = vi.fn();
    const d = debounce(fn, 200);
    d(1);
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(fn).not.toHaveBeenCalled();
    d(2);
    d.flush();
    expect(fn).toHaveBeenCalledExactlyOnceWith(2);
    d.flush();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("latestOnly", () => {
  it("marks answers to superseded runs as stale", async () => {
    const resolvers: Array<(v: string) => void> = [];
    const run = latestOnly((_q: string) => new Promise<string>((r) => resolvers.push(r)));
    const slow = run("ro");
    const fast = run("roof");
    resolvers[1]?.("new");
    resolvers[0]?.("old");
    expect(await fast).toEqual({ current: true, value: "new" });
    expect(await slow).toEqual({ current: false, value: "old" });
  });
});
