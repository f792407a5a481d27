// @vitest-environment happy-dom
// The shell against a stand-in backend (src/testing/fakeBackend.ts): title, badges, offline and
// alerts, recovery, background settings, sign-up, history and the command palette.
import { flushSync } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { $, fake, find, install, mountApp, start, type } from "./testing/appHarness";
import { emitCore, emitNotificationOpened, emitSession } from "./testing/fakeBackend";
import { dial } from "./shell/app.svelte";
import { nav } from "./shell/nav.svelte";

describe("the shell", () => {
  it("shows the app title, the sandbox badge, the unread badge and the calls", async () => {
    await start();
    await find("#sandbox-badge");
    expect($("#app-title")).not.toBeNull();
    const rows = await find("[data-call-id='call-1']");
    expect(rows.dataset.status).toBe("completed");
    expect((await find("#leads-unread")).textContent).toBe("2");
    expect($("#sync-indicator")?.dataset.phase).toBe("online");
  });

  it("shows onboarding without an account, and explores the sandbox", async () => {
    await start(false);
    const explore = await find("#explore-sandbox");
    expect($("#app-title")).not.toBeNull();
    expect($("#sandbox-badge")).toBeNull();
    explore.click();
    await find("#sandbox-badge");
    expect(fake.count("account_explore_sandbox")).toBe(1);
  });

  it("shows the offline banner when sync goes offline", async () => {
    await start();
    await find("#sandbox-badge");
    await emitCore({ type: "sync_status", phase: "offline", last_success_at: null });
    fake.sandboxRunning = false;
    const banner = await find("#offline-banner");
    expect(banner.textContent).toContain("You're offline — showing what's saved on this computer");
  });

  it("shows app alerts as dismissible banners", async () => {
    await start();
    await find("#sandbox-badge");
    const { emit } = await import("@tauri-apps/api/event");
    await emit("app-alert", { code: "cache_rebuilt", message: "rust words" });
    const banner = await find("[data-alert-code='cache_rebuilt']");
    expect(banner.textContent).toContain("downloaded again");
    banner.querySelector("button")?.click();
    flushSync();
    expect($("[data-alert-code='cache_rebuilt']")).toBeNull();
    // Out of reach is said once, by the offline banner, not again by an alert.
    await emit("app-alert", { code: "offline", message: "Live updates are off: Can't reach KaiCalls" });
    await emit("app-alert", { code: "cache_rebuilt", message: "again" });
    await find("[data-alert-code='cache_rebuilt']");
    expect($("[data-alert-code='offline']")).toBeNull();
  });

  it("warns once, after a sync, about a trial ending within three days", async () => {
    await start();
    await find("#sandbox-badge");
    await emitCore({ type: "sync_status", phase: "online", last_success_at: new Date().toISOString() });
    const banner = await find("[data-alert-code='trial_ending:biz-1']");
    expect(banner.textContent).toContain("The free trial of Smith & Lee Law ends in 2 days.");
    banner.querySelector("button")?.click();
    flushSync();
    // Dismissed, it stays dismissed through the next sync.
    await emitCore({ type: "sync_status", phase: "online", last_success_at: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 50));
    flushSync();
    expect($("[data-alert-code='trial_ending:biz-1']")).toBeNull();
  });

  it("says how many records could not be read, and says nothing when none", async () => {
    await start();
    await find("#sync-indicator[data-phase='online']");
    expect($("#sync-unreadable")).toBeNull();
    fake.unreadable = 3;
    await emitCore({ type: "sync_status", phase: "online", last_success_at: new Date().toISOString() });
    expect((await find("#sync-unreadable")).textContent).toContain("3 records could not be read");
  });

  it("opens on the recovery screen when the account list was damaged, and goes on as chosen", async () => {
    install({ signedIn: false });
    fake.settingsProblem = {
      kind: "damaged",
      message: "The list of your accounts could not be read (EOF while parsing).",
      kept_as: "/data/accounts.json.damaged-20261207T010000Z",
      backup_accounts: 1,
      cached_accounts: 1,
    };
    mountApp();
    const screen = await find("#settings-recovery");
    expect(screen.textContent).toContain("could not be read");
    expect($("#settings-kept-as")?.textContent).toBe("/data/accounts.json.damaged-20261207T010000Z");
    expect($("#explore-sandbox")).toBeNull();
    (await find("#recover-backup")).click();
    await find("#sandbox-badge");
    expect(fake.invoked.find((i) => i.cmd === "settings_recover")?.args).toEqual({ how: "restore_backup" });
    expect($("#settings-recovery")).toBeNull();
  });

  it("offers no earlier copy when there is none, and starting fresh shows onboarding", async () => {
    install({ signedIn: false });
    fake.settingsProblem = {
      kind: "newer",
      message: "Your account list was saved by a newer version of KaiCalls Desktop.",
      kept_as: "/data/accounts.json",
      backup_accounts: null,
      cached_accounts: 0,
    };
    mountApp();
    await find("#settings-recovery[data-kind='newer']");
    expect($("#recover-backup")).toBeNull();
    expect($("#recover-keyring")).toBeNull();
    (await find("#recover-fresh")).click();
    await find("#explore-sandbox");
  });

  it("opens the lead a clicked notification was about, and the inbox for several", async () => {
    await start();
    await emitNotificationOpened("lead-1");
    await vi.waitFor(() => expect(nav.screen).toBe("inbox"));
    expect(window.location.hash).toContain("lead-1");
    nav.screen = "calls";
    await emitNotificationOpened(null);
    await vi.waitFor(() => expect(nav.screen).toBe("inbox"));
  });

  it("keeps running in the background and starts at login as set in Settings, and Ctrl+Q quits", async () => {
    await start();
    (await find("#nav-settings")).click();
    const keep = (await find("#pref-close-to-background")) as HTMLInputElement;
    await vi.waitFor(() => expect(keep.disabled).toBe(false));
    expect(keep.checked).toBe(true);
    keep.click();
    await vi.waitFor(() => expect(fake.prefs.close_to_background).toBe(false));
    const login = (await find("#pref-autostart")) as HTMLInputElement;
    await vi.waitFor(() => expect(login.disabled).toBe(false));
    expect(login.checked).toBe(false);
    login.click();
    await vi.waitFor(() => expect(fake.autostart).toBe(true));
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "q", ctrlKey: true, bubbles: true }));
    await vi.waitFor(() => expect(fake.count("app_quit")).toBe(1));
  });

  it("reloads on a session change", async () => {
    await start();
    await find("#sandbox-badge");
    fake.signedIn = false;
    await emitSession(null);
    await find("#explore-sandbox");
  });
});

describe("sign-up", () => {
  it("sends every field, then opens the account with the new number, agent and trial shown", async () => {
    await start(false);
    (await find("#tab-signup")).click();
    type((await find("#signup-business")) as HTMLInputElement, "Night Owl Plumbing");
    type((await find("#signup-email")) as HTMLInputElement, "owner@nightowl.example");
    type((await find("#signup-website")) as HTMLInputElement, "https://nightowl.example");
    type((await find("#signup-forward")) as HTMLInputElement, "5125550123");
    ($("button.link") as HTMLButtonElement).click();
    type((await find("#signup-base-url")) as HTMLInputElement, "http://127.0.0.1:4010");
    ($("#signup-submit") as HTMLButtonElement).click();
    await find("#sandbox-badge");
    expect((await find("#signup-number")).textContent).toBe("(512) 555-0199");
    expect($("#signup-agent")?.textContent).toBe("Kai");
    expect($("#signup-done")?.textContent).toContain("Call (512) 555-0199 now");
    expect(fake.invoked.find((i) => i.cmd === "account_sign_up")?.args?.form).toMatchObject({
      business_name: "Night Owl Plumbing",
      website: "https://nightowl.example",
      phone_forward_to: "+15125550123",
      base_url: "http://127.0.0.1:4010",
    });
    (await find("#signup-open")).click();
    await vi.waitFor(() => expect($("#signup-done")).toBeNull());
  });
});

describe("the command palette", () => {
  it("opens with Ctrl+K, runs an action from the keyboard and finds a lead by name", async () => {
    await start();
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "k", ctrlKey: true, bubbles: true }));
    const input = (await find("#palette-input")) as HTMLInputElement;
    type(input, "call some");
    await find("[data-command-id='do:dial'][aria-selected='true']");
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await find("#dial-dialog[open]");
    dial.open = false;
    flushSync();

    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "k", metaKey: true, bubbles: true }));
    const again = (await find("#palette-input")) as HTMLInputElement;
    await vi.waitFor(() => expect(again.value).toBe(""));
    type(again, "tom");
    await find("[data-command-id='lead:lead-2']");
    again.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    again.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
    flushSync();
    ($("[data-command-id='lead:lead-2']") as HTMLElement).click();
    await vi.waitFor(() => expect(nav.leadId).toBe("lead-2"));
  });
});

describe("history", () => {
  it("goes back and forward with the buttons, Alt+arrows and the mouse's side buttons", async () => {
    await start();
    (await find("[data-call-id='call-1']")).click();
    await find("article[data-call-id='call-1']");
    (await find("#nav-leads")).click();
    await find("[data-lead-id='lead-1']");
    expect(window.location.hash).toBe("#/leads");

    (await find("#history-back")).click();
    await find("[data-call-id='call-1'][aria-current='true']");
    await find("article[data-call-id='call-1']");
    expect(window.location.hash).toBe("#/calls/call-1");
    (await find("#history-forward")).click();
    await find("#leads-title");

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", altKey: true }));
    await find("[data-call-id='call-1'][aria-current='true']");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", altKey: true }));
    await find("#leads-title");
    window.dispatchEvent(new MouseEvent("mouseup", { button: 3 }));
    await find("article[data-call-id='call-1']");
    window.dispatchEvent(new MouseEvent("mouseup", { button: 4 }));
    await find("#leads-title");
  });

  it("keeps the screen mounted while moving between its items", async () => {
    // An address the router has not stamped yet, as when the app window first opens.
    window.history.replaceState(null, "", "#/calls");
    await start();
    const list = await find("#calls-list");
    const infos = fake.count("app_info");
    (await find("[data-call-id='call-2']")).click();
    await find("article[data-call-id='call-2']");
    (await find("[data-call-id='call-1']")).click();
    await find("article[data-call-id='call-1']");
    await new Promise((r) => setTimeout(r, 100));
    flushSync();
    expect($("#calls-list")).toBe(list);
    expect(fake.count("app_info")).toBe(infos);
  });

  it("comes back to a screen's last item from the sidebar", async () => {
    await start();
    (await find("[data-call-id='call-2']")).click();
    (await find("#nav-search")).click();
    await find("#search-input");
    (await find("#nav-calls")).click();
    await find("[data-call-id='call-2'][aria-current='true']");
    expect(window.location.hash).toBe("#/calls/call-2");
  });

  it("arrows through a list in one history step", async () => {
    await start();
    const before = window.history.length;
    (await find("[data-call-id='call-1']")).click();
    await find("article[data-call-id='call-1']");
    $("[data-call-id='call-1']")?.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    await find("[data-call-id='call-2'][aria-current='true']");
    expect(document.activeElement?.getAttribute("data-call-id")).toBe("call-2");
    expect(window.history.length).toBe(before + 1);
    (await find("#history-back")).click();
    await vi.waitFor(() => expect($("[aria-current='true'][data-call-id]")).toBeNull());
    expect(window.location.hash).toBe("#/calls");
  });

  it("opens what an address names, as a deep link does", async () => {
    await start();
    await find("[data-call-id='call-1']");
    window.location.hash = "#/leads/lead-2";
    await find("article[data-lead-id='lead-2']");
    expect($("#nav-leads")?.getAttribute("aria-current")).toBe("page");
    window.location.hash = "#/nowhere";
    await find("#dashboard-title");
    expect(window.location.hash).toBe("#/dashboard");
  });
});
