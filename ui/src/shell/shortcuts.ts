// What a key press or mouse button means to the shell, as pure functions of the event (the
// shell acts on the answer). Screens: Ctrl/Cmd with a key from the registry's table.
// History: Alt+Left/Right and the mouse's back/forward buttons, as in a browser.

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

export type KeyIntent<E> =
  { kind: "screen"; entry: E } | { kind: "palette" } | { kind: "quit" } | { kind: "back" } | { kind: "forward" } | null;

/// Ctrl/Cmd+K opens the command palette, as in most desktop apps.
export const PALETTE_KEY = "k";
/// Ctrl/Cmd+Q quits: closing the window only sends the app to the background.
export const QUIT_KEY = "q";

export function keyIntent<E>(event: KeyInput, shortcuts: ReadonlyMap<string, E>): KeyIntent<E> {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
    if (event.key.toLowerCase() === PALETTE_KEY) {
      return { kind: "palette" };
    }
    if (event.key.toLowerCase() === QUIT_KEY) {
      return { kind: "quit" };
    }
    const entry = shortcuts.get(event.key.toLowerCase());
    return entry ? { kind: "screen", entry } : null;
  }
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && !editing(event.target)) {
    if (event.key === "ArrowLeft") {
      return { kind: "back" };
    }
    if (event.key === "ArrowRight") {
      return { kind: "forward" };
    }
  }
  return null;
}

/// The mouse's side buttons (`button` 3 and 4 in DOM numbering).
export function mouseIntent(event: { button: number }): "back" | "forward" | null {
  return event.button === 3 ? "back" : event.button === 4 ? "forward" : null;
}

/// In a text field, Alt+arrows belong to the field (on macOS they move by word).
function editing(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== "string") {
    return false;
  }
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || element.isContentEditable;
}
