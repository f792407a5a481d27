// Routes as the address bar holds them: `#/<screen>` or `#/<screen>/<id>`. What screens
// exist, and which take an id, comes from the screen registry (src/screens.ts) through
// `routeTable`, so there is no second list of routes to keep in step.

/// One place in the app: a screen, and the item it shows (a call, a lead) if any.
export interface Route<S extends string = string> {
  screen: S;
  id: string | null;
}

export interface RouteTable<S extends string = string> {
  screens: ReadonlySet<S>;
  /// Screens whose route may carry an id (`#/calls/<id>`).
  withId: ReadonlySet<S>;
  /// Where an empty or unknown address goes: the first screen of the sidebar.
  fallback: S;
}

/// What `routeTable` needs of a registry entry.
export interface RoutedScreen<S extends string = string> {
  id: S;
  /// Set when the screen opens one item by id; its value names the kind (`"call"`).
  item?: string;
  /// Place in the sidebar (ascending), `null` when the screen is not in it.
  sidebar: number | null;
}

export function routeTable<S extends string>(entries: readonly RoutedScreen<S>[]): RouteTable<S> {
  const inSidebar = entries.filter((e) => e.sidebar !== null).sort((a, b) => (a.sidebar ?? 0) - (b.sidebar ?? 0));
  const fallback = inSidebar[0]?.id ?? entries[0]?.id;
  if (fallback === undefined) {
    throw new Error("the screen registry is empty");
  }
  return {
    screens: new Set(entries.map((e) => e.id)),
    withId: new Set(entries.filter((e) => e.item !== undefined).map((e) => e.id)),
    fallback,
  };
}

/// The route an address names, or `null` when it names none of the table's screens. An
/// empty address is the fallback screen; an id on a screen that takes none is dropped.
export function parseRoute<S extends string>(hash: string, table: RouteTable<S>): Route<S> | null {
  const path = hash.startsWith("#") ? hash.slice(1) : hash;
  if (path === "" || path === "/") {
    return { screen: table.fallback, id: null };
  }
  if (!path.startsWith("/")) {
    return null;
  }
  const parts = path.slice(1).split("/");
  if (parts.length > 2 && !(parts.length === 3 && parts[2] === "")) {
    return null;
  }
  const [name = "", raw = ""] = parts;
  if (!isScreen(name, table)) {
    return null;
  }
  if (raw === "" || !table.withId.has(name)) {
    return { screen: name, id: null };
  }
  try {
    return { screen: name, id: decodeURIComponent(raw) };
  } catch {
    // A malformed escape (`%E0%A4%A`) names no item; the screen itself is still right.
    return { screen: name, id: null };
  }
}

export function formatRoute(route: Route): string {
  return route.id === null ? `#/${route.screen}` : `#/${route.screen}/${encodeURIComponent(route.id)}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.screen === b.screen && a.id === b.id;
}

function isScreen<S extends string>(name: string, table: RouteTable<S>): name is S {
  return (table.screens as ReadonlySet<string>).has(name);
}
