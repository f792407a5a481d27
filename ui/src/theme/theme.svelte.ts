// The app's theme: light, dark, or the system's (the default). The choice is the app's,
// not an account's, and is kept in localStorage; what it resolves to is set as
// `data-theme` on <html>, which app.css reads. The app applies it itself because WebKitGTK
// does not follow the desktop's dark mode reliably. public/theme.js applies the saved
// choice before the first paint; `startTheme` takes over from there and follows the
// system's setting live while the choice is "system". The window's own frame (its title
// bar) is given the same theme, so a dark page never sits under a light title bar.

import { getCurrentWindow } from "@tauri-apps/api/window";

export const THEMES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEMES)[number];
export type Theme = Exclude<ThemeChoice, "system">;

/// The localStorage key (public/theme.js reads the same one).
export const THEME_KEY = "kaicalls.theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export const theme = $state<{ choice: ThemeChoice; applied: Theme }>({ choice: "system", applied: "light" });

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === "system" ? (systemDark ? "dark" : "light") : choice;
}

function savedChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    return THEMES.find((t) => t === saved) ?? "system";
  } catch {
    return "system";
  }
}

function systemQuery(): MediaQueryList | null {
  return typeof window.matchMedia === "function" ? window.matchMedia(DARK_QUERY) : null;
}

let framed: Theme | null = null;

/// The window frame in `applied`, always a theme and never "follow the system": on Linux
/// releasing it (`null`) forces light (tao writes prefer-dark-theme = false), and the page
/// has already resolved the system's choice anyway.
function frame(applied: Theme): void {
  if (framed === applied) {
    return;
  }
  framed = applied;
  try {
    void getCurrentWindow()
      .setTheme(applied)
      .catch(() => {});
  } catch {
    // Not in the app's window (a browser preview): there is no frame to theme.
  }
}

function apply(): void {
  theme.applied = resolveTheme(theme.choice, systemQuery()?.matches ?? false);
  document.documentElement.dataset.theme = theme.applied;
  frame(theme.applied);
}

/// Applies the saved choice and follows the system's setting from now on; returns the
/// function that stops following it.
export function startTheme(): () => void {
  theme.choice = savedChoice();
  apply();
  const query = systemQuery();
  // Re-resolved on every change; a fixed choice simply resolves to itself.
  const changed = () => apply();
  query?.addEventListener("change", changed);
  return () => query?.removeEventListener("change", changed);
}

/// Saves and applies a choice.
export function setTheme(choice: ThemeChoice): void {
  theme.choice = choice;
  try {
    localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Not saved (no storage): it still applies until the app closes.
  }
  apply();
}
