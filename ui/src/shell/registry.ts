// What a screen registry entry is (src/screens.ts holds the entries), and the tables the
// shell derives from the entries: the sidebar and the keyboard shortcuts. The routes are
// derived the same way (router/routes.ts, `routeTable`).
import type { Component } from "svelte";
import type { RoutedScreen } from "../router/routes";
import type { IconName } from "../ui/icons";

/// What the shell gives every screen: the id its route carries (`#/calls/<id>`), or null.
export interface ScreenProps {
  id: string | null;
}

/// A screen that opens no item declares no props at all (and is given an `id` it ignores).
export type ScreenComponent = Component<ScreenProps> | Component<Record<string, never>>;

export interface ScreenEntry<S extends string = string> extends RoutedScreen<S> {
  /// In the sidebar (and the command palette).
  label: string;
  icon: IconName;
  component: ScreenComponent;
  /// A letter that opens the screen with Ctrl/Cmd; Ctrl/Cmd+1…9 follow the sidebar.
  key?: string;
  /// The element (an id) to focus when the shortcut opens the screen.
  focus?: string;
  /// A count shown on the sidebar button (`#<id>-unread`), when above zero.
  unread?: () => number;
}

/// The entries in the sidebar, top to bottom.
export function sidebarOf<E extends ScreenEntry>(entries: readonly E[]): E[] {
  return entries.filter((e) => e.sidebar !== null).sort((a, b) => (a.sidebar ?? 0) - (b.sidebar ?? 0));
}

/// Which screen each Ctrl/Cmd shortcut key opens: "1"…"9" for the sidebar's first nine,
/// then each entry's own letter. Two screens on one key is a mistake in the registry.
export function shortcutsOf<E extends ScreenEntry>(entries: readonly E[]): Map<string, E> {
  const keys = new Map<string, E>();
  const add = (key: string, entry: E) => {
    const taken = keys.get(key);
    if (taken) {
      throw new Error(`Ctrl+${key} opens both ${taken.id} and ${entry.id}`);
    }
    keys.set(key, entry);
  };
  sidebarOf(entries)
    .slice(0, 9)
    .forEach((entry, i) => add(String(i + 1), entry));
  for (const entry of entries) {
    if (entry.key !== undefined) {
      add(entry.key.toLowerCase(), entry);
    }
  }
  return keys;
}

/// How a shortcut is written for `aria-keyshortcuts` and tooltips.
export function shortcutLabel(key: string, mac: boolean): string {
  return `${mac ? "Meta" : "Control"}+${key.toUpperCase()}`;
}
