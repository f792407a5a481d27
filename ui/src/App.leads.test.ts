// @vitest-environment happy-dom
// Leads (list, board, edits, 10k rows), search, the dashboard, agents and settings, against
// the stand-in backend (src/testing/fakeBackend.ts).
import { flushSync } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { $, $$, fake, find, start, type } from "./testing/appHarness";
import { emitCore, lead } from "./testing/fakeBackend";
import { nav } from "./shell/nav.svelte";

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
