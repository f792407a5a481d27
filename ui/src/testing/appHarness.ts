// The whole UI mounted against the stand-in backend (fakeBackend.ts), for the App.*.test.ts
// files: finding elements as Svelte settles, typing, starting signed in or not, and the
// state reset between tests (registered here once for every file that imports this).
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, expect, vi } from "vitest";
import App from "../App.svelte";
import { clearMocks, installFakeBackend, type Fake } from "./fakeBackend";
import { app as appState, dial } from "../shell/app.svelte";
import { nav } from "../shell/nav.svelte";
import { notices } from "../shell/notices.svelte";
import type { AppError, Code } from "../lib/bindings";
import { business } from "../shell/business.svelte";

export const $ = <T extends Element = HTMLElement>(css: string) => document.querySelector<T & HTMLElement>(css);
export const $$ = (css: string) => [...document.querySelectorAll<HTMLElement>(css)];
/// A failure Rust reports as having done nothing.
export const refused = (code: Code, message: string): AppError => ({
  code,
  message,
  may_have_taken_effect: false,
  retry: "never",
});

export async function find(css: string, timeout = 3000): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await vi.waitFor(
    () => {
      flushSync();
      found = $(css);
      expect(found, css).not.toBeNull();
    },
    { timeout, interval: 20 },
  );
  return found as unknown as HTMLElement;
}

export function type(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

/// The backend of the running test (set by `install` and `start`).
export let fake: Fake;
let app: ReturnType<typeof mount> | null = null;

/// A fresh stand-in backend, before the app is mounted (to set it up first).
export function install(options: { signedIn?: boolean } = {}): Fake {
  fake = installFakeBackend(options);
  return fake;
}

/// Mounts the app on the installed backend.
export function mountApp(): void {
  app = mount(App, { target: document.body });
}

/// A backend, the app mounted, and the first screen shown.
export async function start(signedIn = true) {
  install({ signedIn });
  mountApp();
  await find(signedIn ? "#sandbox-badge" : "#explore-sandbox");
  await vi.waitFor(() => expect(fake.count(signedIn ? "leads_unread" : "app_info")).toBeGreaterThan(0));
}

beforeEach(() => {
  localStorage.clear();
  Object.assign(business, { list: [], id: null, account: null });
  appState.info = null;
  appState.unread = 0;
  nav.screen = "calls";
  nav.callId = null;
  nav.leadId = null;
  dial.open = false;
  notices.toasts = [];
  notices.banners = [];
  notices.leadAlert = null;
});

afterEach(async () => {
  if (app) {
    void unmount(app);
    app = null;
  }
  await new Promise((r) => setTimeout(r, 20));
  clearMocks();
  document.body.innerHTML = "";
});
