// @vitest-environment happy-dom
// The dashboard's first paint: what is at hand at once, KaiCalls' own answer when it comes.
import { describe, expect, it } from "vitest";
import { $, fake, find, start } from "../testing/appHarness";
import { emitCore } from "../testing/fakeBackend";
import { nav } from "../shell/nav.svelte";

const atHand = (args: Record<string, unknown> | undefined) =>
  (args?.request as { at_hand?: boolean } | undefined)?.at_hand === true;

describe("the dashboard", () => {
  it("paints the offline copy at once while KaiCalls is asked, then KaiCalls' numbers", async () => {
    await start();
    // KaiCalls is slow to answer (offline, the client's retries): the full answer waits.
    fake.holdIf = (cmd, args) => cmd === "dashboard" && !atHand(args);
    nav.screen = "dashboard";
    const first = await find('#panel-totals[data-origin="offline_copy"]');
    expect(first.querySelector("#stat-calls")?.textContent).toBe("2");
    expect((await find("[data-offline-reason]")).textContent).toContain("Asking KaiCalls");
    const asked = fake.invoked.filter((i) => i.cmd === "dashboard");
    expect(asked.map((i) => atHand(i.args))).toEqual([true, false]);

    fake.holdIf = () => false;
    fake.release();
    await find('#panel-totals[data-origin="server"]');
    expect($("[data-offline-reason]")).toBeNull();
  });

  it("says KaiCalls can't be reached, not that it is asked, once the sync found it offline", async () => {
    await start();
    fake.holdIf = (cmd, args) => cmd === "dashboard" && !atHand(args);
    nav.screen = "dashboard";
    expect((await find("[data-offline-reason]")).textContent).toContain("Asking KaiCalls");
    await emitCore({ type: "sync_status", phase: "offline", last_success_at: null });
    await expect.poll(() => $("[data-offline-reason]")?.textContent).toContain("can't be reached");
    fake.holdIf = () => false;
    fake.release();
  });

  it("keeps KaiCalls' answer when the one at hand comes after it", async () => {
    await start();
    fake.holdIf = (cmd, args) => cmd === "dashboard" && atHand(args);
    nav.screen = "dashboard";
    await find('#panel-totals[data-origin="server"]');
    fake.holdIf = () => false;
    fake.release();
    await new Promise((r) => setTimeout(r, 50));
    await find('#panel-totals[data-origin="server"]');
    expect($("[data-offline-reason]")).toBeNull();
  });
});
