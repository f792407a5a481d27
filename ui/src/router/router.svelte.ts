// A hash router over the window's own history, so the webview's back and forward (and the
// app's Back/Forward buttons, keys and mouse buttons) move through the app's places.
//
// Not svelte-spa-router: its push() waits a tick and its state follows the `hashchange`
// event, so `openLead(id)` could not be read back at once; its entries carry no position,
// so Back/Forward could not tell whether there is anywhere to go; and it loads each
// screen through an async wrapper. This one is as small as the app needs: the route is
// state the moment `navigate` returns, every entry it makes is stamped with its position
// and the account it belongs to, and the screens stay plain components.
import { untrack } from "svelte";
import { formatRoute, parseRoute, sameRoute, type Route, type RouteTable } from "./routes";

/// The window's history as the router uses it; a stand-in in unit tests.
export interface HistoryPort {
  hash(): string;
  state(): unknown;
  push(state: Entry, hash: string): void;
  replace(state: Entry, hash: string): void;
  go(delta: number): void;
  /// Called after the user (or `go`) moved through history, or the address changed.
  onMove(listener: () => void): () => void;
}

/// What the router writes in each history entry it makes.
export interface Entry {
  kaicalls: { index: number; scope: string | null };
}

export function browserHistory(): HistoryPort {
  return {
    hash: () => window.location.hash,
    state: () => window.history.state as unknown,
    push: (state, hash) => window.history.pushState(state, "", hash),
    replace: (state, hash) => window.history.replaceState(state, "", hash),
    go: (delta) => window.history.go(delta),
    onMove: (listener) => {
      // Both: WebKit and Chromium send `popstate` for history moves and address changes,
      // other engines only `hashchange` for the latter. Handling one twice is a no-op.
      window.addEventListener("popstate", listener);
      window.addEventListener("hashchange", listener);
      return () => {
        window.removeEventListener("popstate", listener);
        window.removeEventListener("hashchange", listener);
      };
    },
  };
}

/// A move the leave check held back: a navigation, or a step through history.
export type HeldMove<S extends string> = { to: Route<S>; replace: boolean; forget: boolean } | { delta: number };

/// Options of `navigate`.
export interface How {
  /// Rewrites the current history entry instead of adding one (arrowing through a list).
  replace?: boolean;
  /// Also forgets the id the screen showed last (opening a list on purpose).
  forget?: boolean;
}

function readEntry(state: unknown): Entry["kaicalls"] | null {
  const entry = (state as Partial<Entry> | null)?.kaicalls;
  return entry && typeof entry.index === "number" ? entry : null;
}

export class Router<S extends string> {
  /// What the app shows; `null` until `start` has read the address.
  route = $state<Route<S> | null>(null);

  #index = $state(0);
  /// The last entry forward of here that this router knows of.
  #top = $state(0);
  /// The id each screen showed last, so coming back to it from the sidebar shows it again.
  #last = $state<Partial<Record<S, string>>>({});
  /// The account the ids belong to; `undefined` until the first one is known.
  #scope: string | null | undefined = undefined;
  #table: RouteTable<S> | null = null;
  #port: HistoryPort;
  /// Asked before the app moves anywhere else; `false` holds the move (see `held`).
  #leaveCheck: ((to: Route<S>) => boolean) | null = null;
  /// The next history arrival is a held move let go: the check is not asked again.
  #letGo = false;
  /// A refused step through history is being stepped back: arrivals until it is back here
  /// are the browser's echoes of that step.
  #returning = false;
  /// A move waiting for the user to say whether to leave (`proceed`) or not (`stay`).
  held = $state<HeldMove<S> | null>(null);

  constructor(port: HistoryPort) {
    this.#port = port;
  }

  get canGoBack(): boolean {
    return this.#index > 0;
  }

  get canGoForward(): boolean {
    return this.#index < this.#top;
  }

  /// Shows what the address names and follows the history from now on. Returns the
  /// function that stops following. (Starting and navigating read the route without
  /// tracking it: an $effect that starts the router or navigates must not re-run, and
  /// start or navigate again, on every route change.)
  start(table: RouteTable<S>): () => void {
    this.#table = table;
    const stop = this.#port.onMove(() => this.#arrive(false));
    untrack(() => this.#arrive(true));
    return () => {
      stop();
      this.#table = null;
    };
  }

  /// Shows `to`: a new history entry, or with `replace` the current one rewritten (for
  /// moves that should not each be a step back, like arrowing through a list).
  navigate(to: Route<S>, { replace = false, forget = false }: How = {}): void {
    untrack(() => this.#go(to, replace, forget, true));
  }

  /// Until the returned function is called, every move away from here asks `check`
  /// first (a form with unsaved edits); one it refuses waits in `held`. One check at a time.
  guardLeaving(check: (to: Route<S>) => boolean): () => void {
    this.#leaveCheck = check;
    return () => {
      if (this.#leaveCheck === check) {
        this.#leaveCheck = null;
      }
    };
  }

  /// Makes the held move after all.
  proceed(): void {
    const held = untrack(() => this.held);
    this.held = null;
    if (!held) {
      return;
    }
    if ("delta" in held) {
      this.#letGo = true;
      this.#port.go(held.delta);
    } else {
      untrack(() => this.#go(held.to, held.replace, held.forget, false));
    }
  }

  /// Drops the held move: the app stays where it is.
  stay(): void {
    this.held = null;
  }

  #refuses(to: Route<S>): boolean {
    return this.#leaveCheck !== null && !this.#leaveCheck(to);
  }

  #go(to: Route<S>, replace: boolean, forget: boolean, ask: boolean): void {
    const route = this.#canonical(to);
    if (this.route && sameRoute(this.route, route)) {
      if (forget) {
        delete this.#last[route.screen];
      }
      return;
    }
    if (ask && this.route && this.#refuses(route)) {
      this.held = { to: route, replace, forget };
      return;
    }
    if (forget) {
      delete this.#last[route.screen];
    }
    if (replace || this.route === null) {
      this.#port.replace(this.#stamp(this.#index), formatRoute(route));
    } else {
      this.#index += 1;
      this.#top = this.#index;
      this.#port.push(this.#stamp(this.#index), formatRoute(route));
    }
    this.#show(route);
  }

  back(): void {
    if (this.canGoBack) {
      this.#port.go(-1);
    }
  }

  forward(): void {
    if (this.canGoForward) {
      this.#port.go(1);
    }
  }

  /// The id `screen` showed last (or was told to show with `remember`).
  remembered(screen: S): string | null {
    return this.#last[screen] ?? null;
  }

  remember(screen: S, id: string | null): void {
    if (id === null) {
      delete this.#last[screen];
    } else {
      this.#last[screen] = id;
    }
  }

  /// Which account is open. When it changes, ids from the one before name nothing: the
  /// current entry drops its id, remembered ids are forgotten, and older entries drop
  /// theirs when gone back to. The first account known adopts what is shown (an address
  /// the app was opened at).
  enterScope(scope: string | null): void {
    if (scope === this.#scope) {
      return;
    }
    const first = this.#scope === undefined;
    this.#scope = scope;
    let route = this.route;
    if (!first) {
      this.#last = {};
      route = route && { screen: route.screen, id: null };
    }
    if (route) {
      this.#port.replace(this.#stamp(this.#index), formatRoute(route));
      this.#show(route);
    }
  }

  /// Takes the route the address and entry now hold. Entries this router did not make (an
  /// address typed or linked to) become the next step; entries of another account lose
  /// their id. Whatever was adjusted is written back, so the address says what is shown.
  #arrive(initial: boolean): void {
    const table = this.#table;
    if (!table) {
      return;
    }
    const hash = this.#port.hash();
    const entry = readEntry(this.#port.state());
    let route = parseRoute(hash, table) ?? { screen: table.fallback, id: null };
    let index: number;
    if (entry) {
      index = entry.index;
      if (entry.scope !== (this.#scope ?? null) && this.#scope !== undefined) {
        route = { screen: route.screen, id: null };
      }
    } else {
      index = initial ? this.#index : this.#index + 1;
    }
    if (this.#returning) {
      this.#returning = index !== this.#index;
      return;
    }
    if (!initial && index === this.#index && this.route && sameRoute(this.route, route) && entry) {
      // The second event of one move (popstate, then hashchange).
      return;
    }
    const letGo = this.#letGo;
    this.#letGo = false;
    if (!initial && !letGo && this.route && this.#refuses(route)) {
      if (entry && index !== this.#index) {
        // A step through history: step back to here, and hold the step.
        this.held = { delta: index - this.#index };
        this.#returning = true;
        this.#port.go(this.#index - index);
      } else {
        // An address typed or linked to: this entry shows here again, the place is held.
        this.held = { to: route, replace: true, forget: false };
        this.#index = index;
        this.#top = index;
        this.#port.replace(this.#stamp(index), formatRoute(this.route));
      }
      return;
    }
    this.#index = index;
    this.#top = entry && !initial ? Math.max(this.#top, index) : index;
    if (formatRoute(route) !== hash || entry?.index !== index || entry.scope !== (this.#scope ?? null)) {
      this.#port.replace(this.#stamp(index), formatRoute(route));
    }
    this.#show(route);
  }

  #canonical(route: Route<S>): Route<S> {
    return this.#table && !this.#table.withId.has(route.screen) ? { screen: route.screen, id: null } : route;
  }

  #stamp(index: number): Entry {
    return { kaicalls: { index, scope: this.#scope ?? null } };
  }

  #show(route: Route<S>): void {
    this.route = route;
    if (route.id !== null) {
      this.#last[route.screen] = route.id;
    }
  }
}
