// WCAG 2 AA contrast of both themes, from app.css's variables. axe's color-contrast rule
// needs layout, which happy-dom does not do (it reports every text node "incomplete"), so
// the axe run in a11y.test.ts cannot check contrast; this checks each pair of colours the
// screens put text (4.5:1) or a control's edge and focus ring (3:1) on.
import { describe, expect, it } from "vitest";
import css from "../app.css?raw";
import { contrastRatio, over, parseColor, themeVariables, type Rgba } from "./contrast";

/// [text, background, what it is]; a translucent background is painted over `--panel`.
const TEXT: [string, string, string][] = [
  ["--text", "--bg", "body text"],
  ["--text", "--panel", "text on a card"],
  ["--text", "--panel-2", "text on a hovered row, a transcript bubble"],
  ["--text", "--accent-soft", "a selected row's title"],
  ["--text", "--neutral-soft", "a neutral chip"],
  ["--text", "--danger-soft", "an error note"],
  ["--text", "--mark", "a highlighted search match"],
  ["--muted", "--bg", "muted text"],
  ["--muted", "--panel", "muted text on a card"],
  ["--muted", "--panel-2", "muted text on a hovered row"],
  ["--muted", "--accent-soft", "a selected row's second line"],
  ["--accent", "--bg", "a link"],
  ["--accent", "--panel", "a link on a card"],
  ["--accent", "--panel-2", "a link on a hovered row"],
  ["--accent-text", "--accent", "a primary button, the logo, a selected tab"],
  ["--danger", "--bg", "error text"],
  ["--danger", "--panel", "error text on a card, a danger button"],
  ["--danger", "--danger-soft", "a bad chip"],
  ["--on-fill", "--danger-fill", "the unread badge, a destructive primary button"],
  ["--on-fill", "--sandbox", "the sandbox badge"],
  ["--warn-text", "--warn-bg", "a warning banner, a warn chip"],
  ["--warn-text", "--panel", "warning text on a card"],
  ["--ok", "--panel", "ok text on a card"],
  ["--ok", "--ok-soft", "an ok chip, the current account"],
  ["--live", "--live-soft", "a live chip"],
];

/// Non-text contrast (WCAG 1.4.11): the focus ring against what it is drawn on.
const NON_TEXT: [string, string, string][] = [
  ["--focus", "--bg", "the focus ring"],
  ["--focus", "--panel", "the focus ring on a card"],
];

function resolve(vars: Record<string, string>, name: string): Rgba {
  const value = vars[name];
  if (value === undefined) {
    throw new Error(`${name} is not set`);
  }
  return parseColor(value);
}

function ratio(vars: Record<string, string>, fg: string, bg: string): number {
  const panel = resolve(vars, "--panel");
  const back = over(resolve(vars, bg), panel);
  return contrastRatio(over(resolve(vars, fg), back), back);
}

describe.each(["light", "dark"])("the %s theme", (theme) => {
  const vars = themeVariables(css, theme);

  it.each(TEXT)("%s on %s (%s) is at least 4.5:1", (fg, bg) => {
    expect(ratio(vars, fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(NON_TEXT)("%s on %s (%s) is at least 3:1", (fg, bg) => {
    expect(ratio(vars, fg, bg)).toBeGreaterThanOrEqual(3);
  });

  it("sets every variable the other theme sets", () => {
    const other = themeVariables(css, theme === "light" ? "dark" : "light");
    expect(Object.keys(vars).sort()).toEqual(Object.keys(other).sort());
  });
});

describe("the contrast arithmetic", () => {
  it("gives WCAG's known ratios", () => {
    expect(contrastRatio(parseColor("#000"), parseColor("#fff"))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor("#777777"), parseColor("#ffffff"))).toBeCloseTo(4.48, 2);
    expect(contrastRatio(parseColor("white"), parseColor("#2563eb"))).toBeCloseTo(5.17, 2);
  });
  it("paints a translucent colour over what is under it", () => {
    const half = over(parseColor("#00000080"), parseColor("#ffffff"));
    expect(Math.round(half.r)).toBe(127);
    expect(parseColor("rgb(0 0 0 / 0.4)").a).toBe(0.4);
  });
  it("finds each theme's block and only that", () => {
    expect(() => themeVariables(":root { --bg: #fff; }", "light")).toThrow();
    expect(themeVariables(':root, :root[data-theme="light"] { --bg: #fff; }', "light")).toEqual({ "--bg": "#fff" });
  });
});
