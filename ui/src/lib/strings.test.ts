// The guard of the string catalog: no component writes user-facing English inline. Each
// word a user reads or hears comes from lib/strings.ts (and lib/strings/*.ts), so a
// translation can be added in one place. See lib/strings/hardcoded.ts for what counts.
import { describe, expect, it } from "vitest";
import { hardcoded } from "./strings/hardcoded";

// Every component's source, as written, by its path under src/.
const components = import.meta.glob<string>("../**/*.svelte", { query: "?raw", import: "default", eager: true });

describe("the string catalog's guard", () => {
  it("finds every component", () => {
    expect(Object.keys(components).length).toBeGreaterThan(70);
  });

  it("reports text nodes and read attributes with words in them, and nothing else", () => {
    const found = hardcoded(
      [
        "<script>const x = 'code';</script>",
        '<p class="note">{x}</p>',
        "<p>Hello {x}</p>",
        '<input placeholder="Search" id="query" />',
        '<Child label="Save" icon="save" title={x} />',
        "<span>·</span> <b>{x} – 3</b>",
        "<style>p { color: red; }</style>",
      ].join("\n"),
    );
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [3, "Hello"],
      [4, "Search"],
      [5, "Save"],
    ]);
  });

  it("finds no hard-coded user-facing text in any component", () => {
    const problems = Object.entries(components).flatMap(([path, source]) =>
      hardcoded(source).map((f) => `${path.replace("../", "")}:${f.line}: ${f.where}: ${JSON.stringify(f.text)}`),
    );
    expect(problems, `put these in lib/strings (lib/strings/<area>.ts):\n${problems.join("\n")}`).toEqual([]);
  });
});
