// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { keyIntent, mouseIntent, type KeyInput } from "./shortcuts";

const table = new Map([
  ["1", "calls"],
  ["f", "search"],
]);

function key(key: string, mods: Partial<KeyInput> = {}): KeyInput {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: document.body, ...mods };
}

describe("keyIntent", () => {
  it("opens a screen with Ctrl or Cmd and its key", () => {
    expect(keyIntent(key("1", { ctrlKey: true }), table)).toEqual({ kind: "screen", entry: "calls" });
    expect(keyIntent(key("f", { metaKey: true }), table)).toEqual({ kind: "screen", entry: "search" });
    expect(keyIntent(key("F", { ctrlKey: true }), table)).toEqual({ kind: "screen", entry: "search" });
  });

  it("opens the command palette with Ctrl or Cmd and K", () => {
    expect(keyIntent(key("k", { ctrlKey: true }), table)).toEqual({ kind: "palette" });
    expect(keyIntent(key("K", { metaKey: true }), table)).toEqual({ kind: "palette" });
  });

  it("quits with Ctrl or Cmd and Q (closing only sends the app to the background)", () => {
    expect(keyIntent(key("q", { ctrlKey: true }), table)).toEqual({ kind: "quit" });
    expect(keyIntent(key("Q", { metaKey: true }), table)).toEqual({ kind: "quit" });
    expect(keyIntent(key("q"), table)).toBeNull();
  });

  it("leaves other chords and plain keys alone", () => {
    expect(keyIntent(key("1"), table)).toBeNull();
    expect(keyIntent(key("2", { ctrlKey: true }), table)).toBeNull();
    expect(keyIntent(key("k", { ctrlKey: true, shiftKey: true }), table)).toBeNull();
    expect(keyIntent(key("k", { ctrlKey: true, altKey: true }), table)).toBeNull();
    expect(keyIntent(key("ArrowLeft"), table)).toBeNull();
    expect(keyIntent(key("ArrowLeft", { altKey: true, ctrlKey: true }), table)).toBeNull();
  });

  it("goes back and forward with Alt+Left and Alt+Right", () => {
    expect(keyIntent(key("ArrowLeft", { altKey: true }), table)).toEqual({ kind: "back" });
    expect(keyIntent(key("ArrowRight", { altKey: true }), table)).toEqual({ kind: "forward" });
  });

  it("leaves Alt+arrows to text fields", () => {
    for (const tag of ["input", "textarea"]) {
      const target = document.createElement(tag);
      expect(keyIntent(key("ArrowLeft", { altKey: true, target }), table)).toBeNull();
    }
    const button = document.createElement("button");
    expect(keyIntent(key("ArrowLeft", { altKey: true, target: button }), table)).toEqual({ kind: "back" });
    // Screen shortcuts still work from a field (Ctrl+1 from the search box).
    const input = document.createElement("input");
    expect(keyIntent(key("1", { ctrlKey: true, target: input }), table)?.kind).toBe("screen");
  });
});

describe("mouseIntent", () => {
  it("reads the side buttons", () => {
    expect(mouseIntent({ button: 3 })).toBe("back");
    expect(mouseIntent({ button: 4 })).toBe("forward");
    expect(mouseIntent({ button: 0 })).toBeNull();
    expect(mouseIntent({ button: 2 })).toBeNull();
  });
});
