// @vitest-environment happy-dom
// The whole UI against a stand-in backend (src/testing/fakeBackend.ts): the shell, each
// screen, the dial dialog's no-double-send rule, live updates and the lead alert.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import {
  clearMocks,
  emitCore,
  emitNotificationOpened,
  emitSession,
  installFakeBackend,
  lead,
  type Fake,
} from "./testing/fakeBackend";
import { app as appState, dial } from "./shell/app.svelte";
import { nav } from "./shell/nav.svelte";
import { notices } from "./shell/notices.svelte";
import type { AppError, Code } from "./lib/bindings";
import { business } from "./shell/business.svelte";

const $ = <T extends Element = HTMLElement>(css: string) => document.querySelector<T & HTMLElement>(css);
/// A failure Rust reports as having done nothing.
const refused = (code: Code, message: string): AppError => ({
  code,
  message,
  may_have_taken_effect: false,
  retry: "never",
});
const $$ = (css: string) => [...document.querySelectorAll<HTMLElement>(css)];

async function find(css: string, timeout = 3000): Promise<HTMLElement> {
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

function type(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

let fake: Fake;
let app: ReturnType<typeof mount> | null = null;

async function start(signedIn = true) {
  fake = installFakeBackend({ signedIn });
  app = mount(App, { target: document.body });
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
    fake = installFakeBackend({ signedIn: false });
    fake.settingsProblem = {
      kind: "damaged",
      message: "The list of your accounts could not be read (EOF while parsing).",
      kept_as: "/data/accounts.json.damaged-20261207T010000Z",
      backup_accounts: 1,
      cached_accounts: 1,
    };
    app = mount(App, { target: document.body });
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
    fake = installFakeBackend({ signedIn: false });
    fake.settingsProblem = {
      kind: "newer",
      message: "Your account list was saved by a newer version of KaiCalls Desktop.",
      kept_as: "/data/accounts.json",
      backup_accounts: null,
      cached_accounts: 0,
    };
    app = mount(App, { target: document.body });
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

describe("calls", () => {
  it("opens a call's detail with its transcript as a chat", async () => {
    await start();
    (await find("[data-call-id='call-1']")).click();
    expect((await find("#call-status")).textContent).toBe("completed");
    const chat = await find("#call-transcript");
    expect(chat.querySelectorAll("li.agent").length).toBe(1);
    expect(chat.querySelectorAll("li.caller").length).toBe(1);
    // KaiCalls' quality scores, by dimension.
    expect($("#call-quality [data-dimension='information_gathering']")?.textContent).toContain("95");
  });

  it("shows in the list what opening a call filled in (its lead's name)", async () => {
    await start();
    const row = await find("[data-call-id='call-2']");
    expect(row.querySelector(".title")?.textContent).not.toContain("Rosa Diaz");
    // The backend read the call's details when it was opened: it now names its lead.
    fake.calls = fake.calls.map((c) =>
      c.id === "call-2" ? { ...c, lead_name: "Rosa Diaz", number: "+15125550199" } : c,
    );
    row.click();
    await vi.waitFor(() => expect($("[data-call-id='call-2'] .title")?.textContent).toBe("Rosa Diaz"));
    expect(fake.count("calls_list")).toBe(1);
    // It is called back on the number Rust names for it (for an inbound call, its lead's).
    (await find("#call-back")).click();
    expect([dial.open, dial.number, dial.name]).toEqual([true, "+15125550199", "Rosa Diaz"]);
  });

  it("plays a recording through the app (by call id), and says why when it cannot", async () => {
    await start();
    fake.calls = fake.calls.map((c) =>
      c.id === "call-1" ? { ...c, recording_url: "https://storage.example.com/r/call-1.mp3" } : c,
    );
    (await find("[data-call-id='call-1']")).click();
    // The player reads the app's own protocol, by call id, never the remote link.
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL) => {
      fetched.push(input.toString());
      return new Response(new Blob([new Uint8Array([82, 73, 70, 70])], { type: "audio/wav" }));
    }) as typeof fetch;
    try {
      (await find("#call-play-here")).click();
      const audio = (await find("#call-audio")) as HTMLAudioElement;
      expect(audio.getAttribute("src")).toMatch(/^blob:/);
      expect(fetched).toEqual(["recording://localhost/call-1"]);
    } finally {
      globalThis.fetch = realFetch;
    }
    (await find("#call-play-recording")).click();
    await vi.waitFor(() => expect(fake.count("call_open_recording")).toBe(1));
    expect(fake.invoked.find((i) => i.cmd === "call_open_recording")?.args).toEqual({ id: "call-1" });
    fake.failures.call_open_recording = refused("unsafe_link", "Not a web address.");
    (await find("#call-play-recording")).click();
    expect((await find("[role='alert']")).textContent).toContain("Not a web address.");
  });

  it("dials once on a double click and follows the call live", async () => {
    await start();
    fake.held.add("call_place");
    (await find("#dial-button")).click();
    const number = (await find("#dial-number")) as HTMLInputElement;
    await vi.waitFor(() => expect(($("#dial-agent") as HTMLSelectElement | null)?.value).toBe("agent-1"));
    type(number, "(512) 555-0142");
    type((await find("#dial-name")) as HTMLInputElement, "Jane Doe");
    ($("#dial-submit") as HTMLButtonElement).click();
    // The confirmation comes first: nothing is placed until its button is clicked.
    const submit = (await find("#dial-place")) as HTMLButtonElement;
    expect($("#dial-confirm-cost")?.textContent).toContain("No charge");
    expect(fake.count("call_place")).toBe(0);
    submit.click();
    flushSync();
    submit.click();
    flushSync();
    expect(submit.disabled).toBe(true);
    await vi.waitFor(() => expect(fake.count("call_place")).toBe(1));
    fake.release();
    const status = await find("#call-status");
    expect(status.textContent).toBe("queued");
    expect(fake.count("call_place")).toBe(1);
    const sent = fake.invoked.find((i) => i.cmd === "call_place")?.args?.call as Record<string, string>;
    expect(sent.to).toBe("+15125550142");
    expect(sent.request_id).toMatch(/^[0-9a-f-]{36}$/);
    // Live: the status follows the events.
    const placed = fake.calls[0];
    if (placed) {
      placed.status = "ringing";
    }
    await emitCore({ type: "call_status_changed", call_id: "call-new", status: "ringing" });
    await vi.waitFor(() => expect($("#call-status")?.textContent).toBe("ringing"));
    await vi.waitFor(() => expect($("[data-call-id='call-new']")?.dataset.status).toBe("ringing"));
  });

  it("refuses an invalid number without sending", async () => {
    await start();
    (await find("#dial-button")).click();
    type((await find("#dial-number")) as HTMLInputElement, "555-12");
    await vi.waitFor(() => expect(($("#dial-submit") as HTMLButtonElement).disabled).toBe(false));
    ($("#dial-submit") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("#dial-number")?.getAttribute("aria-invalid")).toBe("true"));
    expect(fake.count("call_place")).toBe(0);
  });

  it("after a timeout, says to check the calls list and never re-sends", async () => {
    await start();
    fake.failures.call_place = { ...refused("timeout", "slow"), may_have_taken_effect: true };
    (await find("#dial-button")).click();
    await vi.waitFor(() => expect(($("#dial-agent") as HTMLSelectElement | null)?.value).toBe("agent-1"));
    type((await find("#dial-number")) as HTMLInputElement, "5125550142");
    ($("#dial-submit") as HTMLButtonElement).click();
    (await find("#dial-place")).click();
    const note = await find("#dial-uncertain");
    expect(note.textContent).toContain("may have gone through");
    expect(($("#dial-place") as HTMLButtonElement).disabled).toBe(true);
    ($("#dial-place") as HTMLButtonElement).click();
    expect(fake.count("call_place")).toBe(1);
  });

  it("after a clear refusal, retries with a new request id", async () => {
    await start();
    fake.failures.call_place = refused("number_on_dnc", "dnc");
    (await find("#dial-button")).click();
    await vi.waitFor(() => expect(($("#dial-agent") as HTMLSelectElement | null)?.value).toBe("agent-1"));
    type((await find("#dial-number")) as HTMLInputElement, "5125550142");
    ($("#dial-submit") as HTMLButtonElement).click();
    (await find("#dial-place")).click();
    expect((await find("#dial-error")).textContent).toContain("Do-Not-Call");
    delete fake.failures.call_place;
    ($("#dial-place") as HTMLButtonElement).click();
    await find("#call-status");
    const ids = fake.invoked
      .filter((i) => i.cmd === "call_place")
      .map((i) => (i.args?.call as { request_id: string }).request_id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
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

describe("texts", () => {
  async function openLeadText() {
    await start();
    (await find("#nav-leads")).click();
    (await find("[data-lead-id='lead-1']")).click();
    (await find("#lead-text")).click();
    await vi.waitFor(() => expect(($("#text-agent") as HTMLSelectElement | null)?.value).toBe("agent-1"));
  }

  it("sends once however often Send is clicked, and the text joins the lead's timeline", async () => {
    await openLeadText();
    expect(($("#text-number") as HTMLInputElement).value).not.toBe("");
    expect(($("#text-submit") as HTMLButtonElement).disabled).toBe(true);
    fake.held.add("sms_send");
    type((await find("#text-message")) as HTMLTextAreaElement, "Hi, following up on your call.");
    expect($("#text-size")?.textContent).toContain("30 characters · 1 text");
    ($("#text-submit") as HTMLButtonElement).click();
    ($("#text-submit") as HTMLButtonElement).click();
    fake.release();
    await find("#text-sent");
    expect(fake.count("sms_send")).toBe(1);
    const sent = fake.invoked.find((i) => i.cmd === "sms_send")?.args?.text as { lead_id: string; to: string };
    expect(sent).toMatchObject({ lead_id: "lead-1", to: "+15125551234" });
    expect($("#text-submit")).toBeNull();
    await vi.waitFor(() => expect($("#lead-texts")?.textContent).toContain("Hi, following up on your call."));
  });

  it("explains a number on the Do-Not-Call list in the texting sense, and sent nothing", async () => {
    await openLeadText();
    fake.failures.sms_send = refused("number_on_dnc", "Recipient is on the Do-Not-Call list");
    type((await find("#text-message")) as HTMLTextAreaElement, "Hello");
    ($("#text-submit") as HTMLButtonElement).click();
    const note = await find("#text-error");
    expect(note.textContent).toContain("won't text it");
    expect(note.textContent).toContain("Nothing was sent.");
    expect(($("#text-submit") as HTMLButtonElement).textContent).toContain("Try again");
    expect($("#lead-texts-empty")).not.toBeNull();
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

describe("the follow-up inbox", () => {
  it("counts who waits in the sidebar, calls one with one click, and forgets the handled", async () => {
    await start();
    await vi.waitFor(() => expect($("#inbox-unread")?.textContent).toBe("1"));
    (await find("#nav-inbox")).click();
    const row = await find("#inbox-list li:has([data-inbox-id='lead:lead-1'])");
    expect(row.textContent).toContain("New lead");
    (row.querySelector("[data-action='call']") as HTMLButtonElement).click();
    await find("#dial-dialog[open]");
    expect(($("#dial-number") as HTMLInputElement).value).toBe("(512) 555-1234");
    expect(($("#dial-name") as HTMLInputElement).value).toBe("Maria Lopez");
    expect(dial.leadId).toBe("lead-1");
    dial.open = false;
    flushSync();
    (row.querySelector("[data-action='handled']") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("[data-inbox-id='lead:lead-1']")).toBeNull());
    expect(fake.invoked.find((i) => i.cmd === "inbox_handle")?.args).toEqual({ key: "lead:lead-1" });
    await vi.waitFor(() => expect($("#inbox-unread")).toBeNull());
  });
});

describe("leads", () => {
  it("moves a card on the board with the keyboard, through the outbox, and undoes it", async () => {
    await start();
    (await find("#nav-board")).click();
    const card = await find("[data-column='new'] [data-card='lead-1']");
    expect($("[data-column='qualified'] [data-card='lead-2']")).not.toBeNull();
    card.focus();
    card.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    await find("[data-column='contacted'] [data-card='lead-1']");
    await vi.waitFor(() => expect(fake.count("lead_update")).toBe(1));
    const sent = fake.invoked.find((i) => i.cmd === "lead_update")?.args?.edit;
    expect(sent).toEqual({ id: "lead-1", changes: [{ field: "status", value: "contacted" }] });
    // Undo sends the stage it came from.
    let undo: HTMLButtonElement | undefined;
    await vi.waitFor(() => {
      flushSync();
      undo = [...document.querySelectorAll<HTMLButtonElement>("button")].find((b) => b.textContent?.trim() === "Undo");
      expect(undo).toBeTruthy();
    });
    undo?.click();
    await vi.waitFor(() => expect(fake.count("lead_update")).toBe(2));
    const back = fake.invoked.filter((i) => i.cmd === "lead_update")[1]?.args?.edit;
    expect(back).toEqual({ id: "lead-1", changes: [{ field: "status", value: "new" }] });
  });

  it("keeps 10k leads to a few rows in the DOM, and scrolling to the end shows the last", async () => {
    await start();
    fake.leads = Array.from({ length: 10_000 }, (_, i) => lead(`lead-${i}`, `Lead number ${i}`));
    (await find("#nav-leads")).click();
    await find("[data-lead-id='lead-0']");
    const rendered = () => document.querySelectorAll("#leads-list [data-lead-id]").length;
    expect(rendered()).toBeGreaterThan(0);
    expect(rendered()).toBeLessThan(100);
    const pane = $("#leads-list")?.parentElement as HTMLElement;
    pane.scrollTop = 60 * 10_000;
    pane.dispatchEvent(new Event("scroll"));
    await find("[data-lead-id='lead-9999']");
    expect($("[data-lead-id='lead-0']")).toBeNull();
    expect(rendered()).toBeLessThan(100);
    // The keyboard reaches the end too: End selects the last lead.
    ($("[data-lead-id='lead-9999']") as HTMLElement).click();
    await find("[data-lead-id='lead-9999'][aria-current='true']");
    pane.scrollTop = 0;
    pane.dispatchEvent(new Event("scroll"));
    ($(`[data-lead-id='lead-0']`) ?? (await find("[data-lead-id='lead-0']"))).dispatchEvent(
      new KeyboardEvent("keydown", { key: "End", bubbles: true }),
    );
    await find("[data-lead-id='lead-9999'][aria-current='true']");
  });

  it("marks leads seen, shows pipeline counts, pending edits and saves an edit", async () => {
    await start();
    (await find("#nav-leads")).click();
    await find("[data-lead-id='lead-1']");
    await vi.waitFor(() => expect(fake.count("leads_mark_seen")).toBeGreaterThan(0));
    expect($("[data-stage='qualified']")?.textContent).toContain("1");
    expect($("[data-lead-id='lead-2']")?.textContent).toContain("Waiting to send");
    $("[data-lead-id='lead-1']")?.click();
    // (happy-dom does not match option:checked, which Svelte's select binding reads, so
    // this edits the notes only.)
    await find("#lead-status");
    expect(($("#lead-save") as HTMLButtonElement).disabled).toBe(true);
    type((await find("#lead-notes")) as HTMLTextAreaElement, "Call back Monday");
    (await find("#lead-save")).click();
    await vi.waitFor(() => expect(fake.count("lead_update")).toBe(1));
    const edit = fake.invoked.find((i) => i.cmd === "lead_update")?.args?.edit as Record<string, unknown>;
    // Only what changed is sent: an unchanged name or stage is not overwritten.
    expect(edit).toEqual({ id: "lead-1", changes: [{ field: "notes", value: "Call back Monday" }] });
  });

  it("alerts on fresh new leads, grouped, with Open", async () => {
    await start();
    await find("#sandbox-badge");
    const summary = { phone: null, source: "inbound_call", business_id: null, created_at: null };
    await emitCore({ type: "new_lead", fresh: false, lead: { id: "old", name: "Old", ...summary } });
    flushSync();
    expect($("#lead-alert")).toBeNull();
    await emitCore({ type: "new_lead", fresh: true, lead: { id: "lead-1", name: "Maria Lopez", ...summary } });
    const alert = await find("#lead-alert");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toContain("New lead: Maria Lopez — Inbound call");
    await emitCore({ type: "new_lead", fresh: true, lead: { id: "lead-2", name: "Tom Baker", ...summary } });
    await vi.waitFor(() => expect($("#lead-alert")?.textContent).toContain("New leads (2)"));
    $$("#lead-alert li button")[0]?.click();
    flushSync();
    // A new lead opens where it waits for its call back.
    expect(nav.screen).toBe("inbox");
    expect(window.location.hash).toBe("#/inbox/lead%3Alead-1");
  });

  it("explains a superseded edit in a toast", async () => {
    await start();
    await find("#sandbox-badge");
    await emitCore({
      type: "edit_superseded",
      edit_id: 3,
      lead_id: "lead-1",
      reason: "Someone changed the status on KaiCalls.",
    });
    await vi.waitFor(() => expect(document.body.textContent).toContain("Someone changed the status on KaiCalls."));
  });
});

describe("search, dashboard, agents, settings", () => {
  it("searches and highlights matches, and opens the hit", async () => {
    await start();
    (await find("#nav-search")).click();
    type((await find("#search-input")) as HTMLInputElement, "following up");
    const hit = await find(".search-hit");
    expect([...hit.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["following", "up"]);
    // ↓ from the box reaches the first hit, ↑ goes back.
    const box = $("#search-input") as HTMLInputElement;
    box.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(document.activeElement).toBe(hit);
    hit.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
    expect(document.activeElement).toBe(box);
    hit.click();
    flushSync();
    expect(nav.screen).toBe("calls");
    expect(nav.callId).toBe("call-1");
  });

  it("keeps thousands of hits to a few in the DOM, reads the next page at the end, and End reaches it", async () => {
    await start();
    fake.hits = Array.from({ length: 3000 }, (_, i) => ({
      kind: "transcript" as const,
      id: `call-${i}`,
      title: "Kai",
      snippet: `hit number ${i} about the \u0002roof\u0003`,
      created_at: "2026-03-18T09:00:00Z",
    }));
    (await find("#nav-search")).click();
    type((await find("#search-input")) as HTMLInputElement, "roof");
    await find("[data-id='call-0']");
    expect($("p.count")?.textContent).toContain("3,000 matches");
    const rendered = () => document.querySelectorAll("#search-results .search-hit").length;
    expect(rendered()).toBeLessThan(40);
    const reads = fake.count("search");
    // Scrolled to the end of what is loaded: the next page is read, rows stay few.
    const pane = $("#search-results")?.parentElement as HTMLElement;
    pane.scrollTop = 76 * 50;
    pane.dispatchEvent(new Event("scroll"));
    await find("[data-id='call-60']");
    expect(fake.count("search")).toBe(reads + 1);
    expect(fake.invoked.at(-1)?.args?.request).toMatchObject({ offset: 50, limit: 50 });
    expect($("[data-id='call-0']")).toBeNull();
    expect(rendered()).toBeLessThan(40);
    // End moves the focus to the last hit loaded, Home back to the first.
    ($("[data-id='call-60']") as HTMLElement).dispatchEvent(
      new KeyboardEvent("keydown", { key: "End", bubbles: true }),
    );
    await vi.waitFor(() => expect(document.activeElement?.getAttribute("data-id")).toBe("call-99"));
    document.activeElement?.dispatchEvent(new KeyboardEvent("keydown", { key: "Home", bubbles: true }));
    await vi.waitFor(() => expect(document.activeElement?.getAttribute("data-id")).toBe("call-0"));
  });

  it("renders the dashboard, agents and settings", async () => {
    await start();
    (await find("#nav-dashboard")).click();
    await find("[data-days='30'][aria-pressed='true']");
    expect(fake.invoked.find((i) => i.cmd === "dashboard")?.args).toMatchObject({
      request: { days: 30, group_by: "day", business_id: null, refresh: false },
    });
    // Each panel says where its numbers are from; an unknown one says why, not zero.
    expect((await find("#panel-totals")).dataset.origin).toBe("server");
    expect((await find("#stat-calls")).textContent).toBe("2");
    const weekly = await find("#panel-weekly");
    expect(weekly.dataset.origin).toBe("unknown");
    expect(weekly.textContent).toContain("The offline copy has no leads yet.");
    expect(weekly.querySelector("table")).toBeNull();
    // Two businesses: the top bar's switcher, and the comparison.
    const switcher = (await find("#business-switcher")) as HTMLSelectElement;
    await find("#panel-businesses");
    switcher.value = "biz-2";
    switcher.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() =>
      expect(fake.invoked.filter((i) => i.cmd === "dashboard").at(-1)?.args).toMatchObject({
        request: { business_id: "biz-2" },
      }),
    );
    (await find("#nav-calls")).click();
    await vi.waitFor(() =>
      expect(fake.invoked.filter((i) => i.cmd === "calls_list").at(-1)?.args).toMatchObject({
        filter: { business_id: "biz-2" },
      }),
    );
    switcher.value = "";
    switcher.dispatchEvent(new Event("change", { bubbles: true }));
    (await find("#nav-dashboard")).click();
    (await find("[data-group='week']")).click();
    await vi.waitFor(() =>
      expect(fake.invoked.filter((i) => i.cmd === "dashboard").at(-1)?.args).toMatchObject({
        request: { group_by: "week" },
      }),
    );
    (await find("#nav-agents")).click();
    expect((await find("[data-agent-id='agent-1']")).textContent).toContain("(512) 555-0100");
    (await find("#nav-settings")).click();
    await find("#simulate-inbound");
    expect((await find("#webhook-local-url")).textContent).toContain("127.0.0.1");
    (await find("#simulate-inbound")).click();
    await vi.waitFor(() => expect(fake.count("sandbox_inbound_call")).toBe(1));
    await vi.waitFor(() => expect(($("#simulate-inbound") as HTMLButtonElement).disabled).toBe(false));
    const toggle = await find("#sandbox-toggle");
    expect(toggle.textContent).toContain("Stop sandbox");
    toggle.click();
    await vi.waitFor(() => expect($("#sandbox-toggle")?.textContent).toContain("Start sandbox"));
    await find("#offline-banner");
  });
});

describe("settings: accounts", () => {
  it("shows which address a live key was allowed to go to, and when, and revokes it", async () => {
    await start();
    fake.otherAccounts = [
      {
        id: "acct-2",
        label: "Staging",
        kind: "live",
        base_url: "https://staging.example.com",
        origin_consent: { origin: "https://staging.example.com", allowed_at: "2026-03-04T05:06:07Z" },
        business_ids: ["biz-2"],
        notifications: true,
        webhook: { listen_port: null, public_url: null },
        in_app_sandbox: false,
        created_at: "2026-03-01T10:00:00Z",
      },
    ];
    (await find("#nav-settings")).click();
    const consent = await find("#accounts-list [data-account-id='acct-2'] [data-consent-origin]");
    expect(consent.textContent).toContain("https://staging.example.com");
    expect(consent.textContent).toContain("2026");
    expect($("#accounts-list [data-account-id='acct-1'] [data-consent-origin]")).toBeNull();
    (consent.querySelector("button") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(fake.count("origin_consent_revoke")).toBe(1));
    expect(fake.invoked.find((i) => i.cmd === "origin_consent_revoke")?.args).toEqual({ id: "acct-2" });
    await vi.waitFor(() => expect($("#accounts-list [data-account-id='acct-2'] [data-consent-origin]")).toBeNull());
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

describe("settings: about", () => {
  it("opens the log folder and copies the diagnostics, or shows them when the clipboard refuses", async () => {
    await start();
    const writeText = vi.fn(async (text: string) => void text);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    (await find("#nav-settings")).click();
    (await find("#log-folder-open")).click();
    await vi.waitFor(() => expect(fake.count("log_folder_open")).toBe(1));
    (await find("#diagnostics-copy")).click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(expect.stringContaining("KaiCalls Desktop: 0.1.0")));
    expect((await find("#diagnostics-copied")).textContent).toContain("Copied");
    writeText.mockRejectedValueOnce(new Error("not allowed"));
    (await find("#diagnostics-copy")).click();
    expect(((await find("#diagnostics-text")) as HTMLTextAreaElement).value).toContain("OS: linux");
    expect($("#diagnostics-copied")).toBeNull();
    fake.failures.log_folder_open = refused("open_failed", "The log folder could not be opened: no file manager.");
    (await find("#log-folder-open")).click();
    expect((await find("#about-support [role='alert']")).textContent).toContain("no file manager");
  });
});
