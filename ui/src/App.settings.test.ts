// @vitest-environment happy-dom
// Settings: accounts and about, against the stand-in backend (src/testing/fakeBackend.ts).
import { describe, expect, it, vi } from "vitest";
import { $, fake, find, refused, start } from "./testing/appHarness";

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
