// @vitest-environment happy-dom
// The theme: saved per app, applied as <html data-theme>, "system" following the OS live;
// the first-paint script (public/theme.js) agrees with the module; the setting switches it.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import bootScript from "../../public/theme.js?raw";
import ThemeSetting from "../settings/ThemeSetting.svelte";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { resolveTheme, setTheme, startTheme, theme, THEME_KEY } from "./theme.svelte";

/// A system whose dark-mode setting the test flips, as a desktop's would.
function fakeSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, f: () => void) => listeners.add(f),
    removeEventListener: (_: string, f: () => void) => listeners.delete(f),
  };
  vi.spyOn(window, "matchMedia").mockImplementation((q: string) => {
    expect(q).toBe("(prefers-color-scheme: dark)");
    return query as unknown as MediaQueryList;
  });
  return {
    set(next: boolean) {
      dark = next;
      listeners.forEach((f) => f());
    },
    listeners,
  };
}

const shown = () => document.documentElement.dataset.theme;

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = "";
});

describe("the theme", () => {
  it("resolves system to the OS setting, and a fixed choice to itself", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("follows the system live while the choice is system, and stops when told", () => {
    const system = fakeSystem(false);
    const stop = startTheme();
    expect([theme.choice, shown()]).toEqual(["system", "light"]);
    system.set(true);
    expect(shown()).toBe("dark");
    system.set(false);
    expect(shown()).toBe("light");
    stop();
    expect(system.listeners.size).toBe(0);
  });

  it("keeps a fixed choice whatever the system does, and saves it for the next start", () => {
    const system = fakeSystem(true);
    const stop = startTheme();
    expect(shown()).toBe("dark");
    setTheme("light");
    expect(shown()).toBe("light");
    system.set(true);
    expect(shown()).toBe("light");
    expect(localStorage.getItem(THEME_KEY)).toBe("light");
    stop();
    // The next start reads it back.
    delete document.documentElement.dataset.theme;
    startTheme()();
    expect([theme.choice, shown()]).toEqual(["light", "light"]);
  });

  it("gives the window frame the theme the page shows, never 'follow the system'", async () => {
    const framed: unknown[] = [];
    mockWindows("main");
    mockIPC((cmd, args) => {
      if (cmd === "plugin:window|set_theme") {
        framed.push((args as { value: unknown }).value);
      }
    });
    try {
      const system = fakeSystem(true);
      const stop = startTheme();
      setTheme("light");
      setTheme("light");
      setTheme("system");
      system.set(false);
      stop();
      await vi.waitFor(() => expect(framed).toEqual(["dark", "light", "dark", "light"]));
    } finally {
      clearMocks();
    }
  });

  it("reads a damaged saved value as system", () => {
    fakeSystem(true);
    localStorage.setItem(THEME_KEY, "purple");
    startTheme()();
    expect([theme.choice, shown()]).toEqual(["system", "dark"]);
  });
});

describe("the first-paint script", () => {
  it.each([
    [null, false, "light"],
    [null, true, "dark"],
    ["system", true, "dark"],
    ["light", true, "light"],
    ["dark", false, "dark"],
    ["purple", true, "dark"],
  ])("saved %s with a dark system %s shows %s, as the module would", (saved, dark, expected) => {
    fakeSystem(dark);
    if (saved !== null) {
      localStorage.setItem(THEME_KEY, saved);
    }
    // As the webview runs it: a plain script, in the page's global scope.
    globalThis.eval(bootScript);
    expect(shown()).toBe(expected);
    delete document.documentElement.dataset.theme;
    startTheme()();
    expect(shown()).toBe(expected);
  });
});

describe("Settings → Appearance", () => {
  it("switches the theme from the radio buttons and says what system means now", () => {
    fakeSystem(true);
    startTheme();
    const c = mount(ThemeSetting, { target: document.body });
    flushSync();
    const radio = (id: string) => document.querySelector<HTMLInputElement>(`#theme-${id}`) as HTMLInputElement;
    expect(radio("system").checked).toBe(true);
    expect(document.querySelector("#theme-now")?.textContent).toBe("Dark now, following the system.");
    radio("light").click();
    flushSync();
    expect([shown(), localStorage.getItem(THEME_KEY)]).toEqual(["light", "light"]);
    expect(radio("light").checked).toBe(true);
    expect(document.querySelector("#theme-now")).toBeNull();
    radio("dark").click();
    flushSync();
    expect(shown()).toBe("dark");
    void unmount(c);
  });
});
