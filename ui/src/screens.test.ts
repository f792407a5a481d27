// The registry as the shell reads it: what the sidebar, the shortcuts and the routes are.
import { describe, expect, it } from "vitest";
import { parseRoute } from "./router/routes";
import { ROUTES, SCREENS, SHORTCUTS, SIDEBAR } from "./screens";
import { shortcutsOf, sidebarOf, type ScreenEntry } from "./shell/registry";
import { ICONS } from "./ui/icons";

describe("the screen registry", () => {
  it("gives every screen its own id, usable as a route and an element id", () => {
    const ids = SCREENS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it("gives every screen a label and a known icon", () => {
    for (const s of SCREENS) {
      expect(s.label.trim()).not.toBe("");
      expect(ICONS[s.icon]).toBeTruthy();
    }
  });

  it("lays the sidebar out in its order, each place once", () => {
    expect(SIDEBAR.map((s) => s.id)).toEqual([
      "dashboard",
      "inbox",
      "calls",
      "leads",
      "board",
      "search",
      "sdr",
      "agents",
      "usage",
      "settings",
    ]);
    const places = SCREENS.map((s) => s.sidebar).filter((p) => p !== null);
    expect(new Set(places).size).toBe(places.length);
  });

  it("opens the sidebar's first nine screens with Ctrl/Cmd+1…9 in order, and search with Ctrl/Cmd+F", () => {
    expect([..."123456789"].map((key) => SHORTCUTS.get(key)?.id)).toEqual(SIDEBAR.slice(0, 9).map((s) => s.id));
    expect(SHORTCUTS.get("f")?.id).toBe("search");
    expect(SHORTCUTS.get("f")?.focus).toBe("search-input");
    // Ctrl/Cmd+K is the command palette's, never a screen's.
    expect(SHORTCUTS.get("k")).toBeUndefined();
    expect(SHORTCUTS.get(",")?.id).toBe("settings");
    expect(SHORTCUTS.size).toBe(11);
  });

  it("derives the routes from the entries: the inbox, calls, leads and agents open by id", () => {
    expect([...ROUTES.screens]).toEqual(SCREENS.map((s) => s.id));
    expect([...ROUTES.withId].sort()).toEqual(["agents", "calls", "inbox", "leads"]);
    expect(ROUTES.fallback).toBe("dashboard");
    for (const s of SCREENS) {
      expect(parseRoute(`#/${s.id}`, ROUTES)).toEqual({ screen: s.id, id: null });
    }
    expect(parseRoute("#/agents/agent-1", ROUTES)).toEqual({ screen: "agents", id: "agent-1" });
  });
});

describe("registry tables", () => {
  const entry = (id: string, sidebar: number | null, key?: string): ScreenEntry => ({
    id,
    label: id,
    icon: "calls",
    component: SCREENS[0].component,
    sidebar,
    key,
  });

  it("leaves screens without a sidebar place out of the sidebar and the digit keys", () => {
    const entries = [entry("b", 20), entry("hidden", null, "h"), entry("a", 10)];
    expect(sidebarOf(entries).map((e) => e.id)).toEqual(["a", "b"]);
    expect([...shortcutsOf(entries)].map(([key, e]) => `${key}:${e.id}`)).toEqual(["1:a", "2:b", "h:hidden"]);
  });

  it("gives digits to the first nine only", () => {
    const many = Array.from({ length: 11 }, (_, i) => entry(`s${i}`, i));
    const keys = shortcutsOf(many);
    expect(keys.get("9")?.id).toBe("s8");
    expect([...keys.values()].map((e) => e.id)).not.toContain("s9");
  });

  it("refuses two screens on one key", () => {
    expect(() => shortcutsOf([entry("a", 10, "k"), entry("b", 20, "K")])).toThrow(/opens both a and b/);
    expect(() => shortcutsOf([entry("a", 10), entry("b", 20, "1")])).toThrow(/Ctrl\+1/);
  });
});
