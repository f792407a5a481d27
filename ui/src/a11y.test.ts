// @vitest-environment happy-dom
// Accessibility: axe-core's WCAG 2 A/AA rules over every screen of the registry, the
// onboarding, a call's and a lead's details and the dial dialog, in both themes, against
// the stand-in backend. happy-dom does no layout, so axe's color-contrast rule can only
// answer "incomplete" here: contrast is checked from app.css's colours instead
// (theme/contrast.test.ts). Everything else axe checks (names, labels, roles, ARIA, ids,
// lists, tables, the document's language and title) fails the test.
import axe from "axe-core";
import { flushSync } from "svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import indexHtml from "../index.html?raw";
import { SCREENS, type ScreenId } from "./screens";
import { nav, openCall, openLead } from "./shell/nav.svelte";
// The harness resets the app's state and unmounts it around every test.
import { install, mountApp } from "./testing/appHarness";
import type { Theme } from "./theme/theme.svelte";

const THEMES: Theme[] = ["light", "dark"];

// The document as index.html starts it (its language and title are axe rules too).
const page = new DOMParser().parseFromString(indexHtml, "text/html");

async function settle(css: string) {
  await vi.waitFor(
    () => {
      flushSync();
      expect(document.querySelector(css), css).not.toBeNull();
    },
    { timeout: 3000, interval: 20 },
  );
  // Let the screen's first loads answer (the fake backend answers at once).
  await new Promise((r) => setTimeout(r, 60));
  flushSync();
}

async function violations(theme: Theme): Promise<string[]> {
  document.documentElement.dataset.theme = theme;
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  });
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? "?"}): ${n.target.join(" ")} — ${n.failureSummary ?? v.help}`),
  );
}

async function start(signedIn: boolean) {
  install({ signedIn });
  mountApp();
  await settle(signedIn ? "#sandbox-badge" : "#explore-sandbox");
}

beforeEach(() => {
  document.documentElement.lang = page.documentElement.lang;
  document.title = page.title;
});

describe("every screen passes axe's WCAG 2 AA rules in both themes", () => {
  it.each(SCREENS.map((s) => s.id))("%s", async (id: ScreenId) => {
    await start(true);
    nav.screen = id;
    await settle(`#${id}-title`);
    for (const theme of THEMES) {
      expect(await violations(theme), theme).toEqual([]);
    }
  });

  it("onboarding", async () => {
    await start(false);
    for (const theme of THEMES) {
      expect(await violations(theme), theme).toEqual([]);
    }
  });

  it("a call's details", async () => {
    await start(true);
    openCall("call-1");
    await settle("#call-status");
    for (const theme of THEMES) {
      expect(await violations(theme), theme).toEqual([]);
    }
  });

  it("a lead's details", async () => {
    await start(true);
    openLead("lead-1");
    await settle("#lead-detail, [data-lead-id='lead-1']");
    for (const theme of THEMES) {
      expect(await violations(theme), theme).toEqual([]);
    }
  });

  it("the dial dialog", async () => {
    await start(true);
    (document.querySelector("#dial-button") as HTMLElement).click();
    await settle("#dial-number");
    for (const theme of THEMES) {
      expect(await violations(theme), theme).toEqual([]);
    }
  });
});
