// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { browserHistory, Router, type Entry, type HistoryPort } from "./router.svelte";
import { routeTable } from "./routes";

type Screen = "calls" | "leads" | "settings";

const table = routeTable<Screen>([
  { id: "calls", sidebar: 10, item: "call" },
  { id: "leads", sidebar: 20, item: "lead" },
  { id: "settings", sidebar: 30 },
]);

/// A window history as browsers keep it: a list of entries and a position; pushing cuts
/// the entries forward of here; moving answers later (an event, not a return value).
/// With `echo`, every move is announced twice, as WebKit does (popstate, then hashchange).
function memoryHistory(initial = "", { echo = false } = {}) {
  const entries: Array<{ hash: string; state: unknown }> = [{ hash: initial, state: null }];
  let at = 0;
  const listeners = new Set<() => void>();
  const announce = () => queueMicrotask(() => listeners.forEach((listener) => listener()));
  const moved = () => {
    announce();
    if (echo) {
      announce();
    }
  };
  const port: HistoryPort = {
    hash: () => entries[at]?.hash ?? "",
    state: () => entries[at]?.state ?? null,
    push: (state: Entry, hash: string) => {
      entries.splice(at + 1, entries.length, { hash, state: structuredClone(state) });
      at += 1;
    },
    replace: (state: Entry, hash: string) => {
      entries[at] = { hash, state: structuredClone(state) };
    },
    // Like the browser's, the move happens later, not during the call.
    go: (delta: number) =>
      queueMicrotask(() => {
        if (at + delta >= 0 && at + delta < entries.length) {
          at += delta;
          moved();
        }
      }),
    onMove: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return {
    port,
    hashes: () => entries.map((e) => e.hash),
    at: () => at,
    /// The user (or a deep link) changes the address: a new entry the router did not make.
    type: (hash: string) => {
      entries.splice(at + 1, entries.length, { hash, state: null });
      at += 1;
      moved();
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

let stops: Array<() => void> = [];
function started(history = memoryHistory()) {
  const router = new Router<Screen>(history.port);
  stops.push(router.start(table));
  return { router, history };
}

afterEach(() => {
  stops.forEach((stop) => stop());
  stops = [];
});

describe("Router", () => {
  it("starts where the address says, or on the fallback screen, and says so in the address", () => {
    const { router, history } = started();
    expect(router.route).toEqual({ screen: "calls", id: null });
    expect(history.hashes()).toEqual(["#/calls"]);
    expect([router.canGoBack, router.canGoForward]).toEqual([false, false]);

    const deep = started(memoryHistory("#/leads/lead-9"));
    expect(deep.router.route).toEqual({ screen: "leads", id: "lead-9" });

    const unknown = started(memoryHistory("#/nowhere/1"));
    expect(unknown.router.route).toEqual({ screen: "calls", id: null });
    expect(unknown.history.hashes()).toEqual(["#/calls"]);
  });

  it("shows a navigation at once and adds one history entry for it", () => {
    const { router, history } = started();
    router.navigate({ screen: "leads", id: "lead-1" });
    expect(router.route).toEqual({ screen: "leads", id: "lead-1" });
    expect(history.hashes()).toEqual(["#/calls", "#/leads/lead-1"]);
    expect(router.canGoBack).toBe(true);
    // The same place again is not another step.
    router.navigate({ screen: "leads", id: "lead-1" });
    expect(history.hashes()).toHaveLength(2);
  });

  it("goes back and forward through what was shown", async () => {
    const { router, history } = started();
    router.navigate({ screen: "calls", id: "c1" });
    router.navigate({ screen: "leads", id: "l1" });
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: "c1" });
    expect([router.canGoBack, router.canGoForward]).toEqual([true, true]);
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: null });
    expect([router.canGoBack, router.canGoForward]).toEqual([false, true]);
    router.back();
    await settled();
    expect(history.at()).toBe(0);
    router.forward();
    router.forward();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: "l1" });
    expect(router.canGoForward).toBe(false);
  });

  it("forgets the steps forward when going somewhere new from the middle", async () => {
    const { router, history } = started();
    router.navigate({ screen: "leads", id: null });
    router.navigate({ screen: "settings", id: null });
    router.back();
    await settled();
    router.navigate({ screen: "calls", id: "c2" });
    expect(history.hashes()).toEqual(["#/calls", "#/leads", "#/calls/c2"]);
    expect(router.canGoForward).toBe(false);
  });

  it("rewrites the entry in place for a replace, so arrowing through a list is one step back", async () => {
    const { router, history } = started();
    router.navigate({ screen: "leads", id: null });
    router.navigate({ screen: "calls", id: "c1" });
    router.navigate({ screen: "calls", id: "c2" }, { replace: true });
    router.navigate({ screen: "calls", id: "c3" }, { replace: true });
    expect(history.hashes()).toEqual(["#/calls", "#/leads", "#/calls/c3"]);
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: null });
  });

  it("takes an address changed from outside as the next step", async () => {
    const { router, history } = started();
    router.navigate({ screen: "settings", id: null });
    history.type("#/leads/l7");
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: "l7" });
    expect([router.canGoBack, router.canGoForward]).toEqual([true, false]);
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "settings", id: null });
    router.forward();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: "l7" });
  });

  it("drops an id given to a screen that opens none", () => {
    const { router, history } = started();
    router.navigate({ screen: "settings", id: "x" });
    expect(router.route).toEqual({ screen: "settings", id: null });
    expect(history.hashes()[1]).toBe("#/settings");
  });

  it("remembers each screen's last item", () => {
    const { router } = started();
    router.navigate({ screen: "calls", id: "c1" });
    router.navigate({ screen: "leads", id: "l1" });
    expect(router.remembered("calls")).toBe("c1");
    router.remember("calls", null);
    expect(router.remembered("calls")).toBeNull();
  });

  it("keeps ids within the account they belong to", async () => {
    const { router, history } = started(memoryHistory("#/calls/c1"));
    // The first account adopts the address the app opened at.
    router.enterScope("acct-a");
    expect(router.route).toEqual({ screen: "calls", id: "c1" });
    router.navigate({ screen: "leads", id: "l1" });
    router.enterScope("acct-b");
    expect(router.route).toEqual({ screen: "leads", id: null });
    expect(router.remembered("calls")).toBeNull();
    expect(history.hashes()).toEqual(["#/calls/c1", "#/leads"]);
    // Back into account A's entry: the screen, not A's call.
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: null });
    expect(history.hashes()[0]).toBe("#/calls");
  });

  it("stops following history when stopped", async () => {
    const history = memoryHistory();
    const router = new Router<Screen>(history.port);
    const stop = router.start(table);
    router.navigate({ screen: "leads", id: null });
    stop();
    router.back();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: null });
  });
});

describe("Router, leaving unsaved edits", () => {
  it("holds a navigation the leave check refuses, until the user proceeds", () => {
    const { router, history } = started();
    router.navigate({ screen: "leads", id: "l1" });
    const asked: unknown[] = [];
    const stop = router.guardLeaving((to) => (asked.push(to), false));
    router.navigate({ screen: "settings", id: null });
    expect(asked).toEqual([{ screen: "settings", id: null }]);
    expect(router.route).toEqual({ screen: "leads", id: "l1" });
    expect(router.held).toEqual({ to: { screen: "settings", id: null }, replace: false, forget: false });
    // The same place is no move and asks nothing.
    router.navigate({ screen: "leads", id: "l1" });
    expect(asked).toHaveLength(1);
    router.proceed();
    expect(router.held).toBeNull();
    expect(router.route).toEqual({ screen: "settings", id: null });
    expect(history.hashes()).toEqual(["#/calls", "#/leads/l1", "#/settings"]);
    stop();
  });

  it("stays where it is when the user says stay, and asks nothing once the guard is gone", () => {
    const { router, history } = started();
    const stop = router.guardLeaving(() => false);
    router.navigate({ screen: "leads", id: null });
    router.stay();
    expect(router.held).toBeNull();
    expect(router.route).toEqual({ screen: "calls", id: null });
    expect(history.hashes()).toEqual(["#/calls"]);
    stop();
    router.navigate({ screen: "leads", id: null });
    expect(router.route).toEqual({ screen: "leads", id: null });
  });

  it("steps back a refused Back (announced twice, as WebKit does) and makes it on proceed", async () => {
    const { router, history } = started(memoryHistory("", { echo: true }));
    router.navigate({ screen: "leads", id: "l1" });
    router.navigate({ screen: "calls", id: "c1" });
    router.navigate({ screen: "settings", id: null });
    router.back();
    await settled();
    await settled();
    // In the middle of the history, so a step back undone twice would land forward of here.
    const stop = router.guardLeaving(() => false);
    router.back();
    await settled();
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: "c1" });
    expect(history.at()).toBe(2);
    expect(router.held).toEqual({ delta: -1 });
    expect([router.canGoBack, router.canGoForward]).toEqual([true, true]);
    router.proceed();
    await settled();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: "l1" });
    expect(history.at()).toBe(1);
    expect(router.canGoForward).toBe(true);
    stop();
  });

  it("holds an address typed or linked to, and shows here in its entry meanwhile", async () => {
    const { router, history } = started();
    const stop = router.guardLeaving(() => false);
    history.type("#/leads/l7");
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: null });
    expect(history.hashes()).toEqual(["#/calls", "#/calls"]);
    router.proceed();
    expect(router.route).toEqual({ screen: "leads", id: "l7" });
    expect(history.hashes()).toEqual(["#/calls", "#/leads/l7"]);
    stop();
  });

  it("forgets the screen's last item when told to, also for a held move", () => {
    const { router } = started();
    router.navigate({ screen: "leads", id: "l1" });
    router.navigate({ screen: "calls", id: null });
    const stop = router.guardLeaving(() => false);
    router.navigate({ screen: "leads", id: null }, { forget: true });
    expect(router.remembered("leads")).toBe("l1");
    router.proceed();
    expect(router.remembered("leads")).toBeNull();
    stop();
  });
});

describe("browserHistory", () => {
  it("drives the router through the window's own history", async () => {
    window.history.replaceState(null, "", "#/leads/l2");
    const router = new Router<Screen>(browserHistory());
    stops.push(router.start(table));
    expect(router.route).toEqual({ screen: "leads", id: "l2" });
    router.navigate({ screen: "calls", id: "c 1" });
    expect(window.location.hash).toBe("#/calls/c%201");
    expect((window.history.state as Entry).kaicalls.index).toBe(1);
    window.history.back();
    await settled();
    expect(router.route).toEqual({ screen: "leads", id: "l2" });
    expect(router.canGoForward).toBe(true);
    window.history.forward();
    await settled();
    expect(router.route).toEqual({ screen: "calls", id: "c 1" });
  });
});
