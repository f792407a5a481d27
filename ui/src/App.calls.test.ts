// @vitest-environment happy-dom
// Calls, the dial dialog's no-double-send rule, texts and the follow-up inbox, against the
// stand-in backend (src/testing/fakeBackend.ts).
import { flushSync } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { $, fake, find, refused, start, type } from "./testing/appHarness";
import { emitCore } from "./testing/fakeBackend";
import { dial } from "./shell/app.svelte";

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
