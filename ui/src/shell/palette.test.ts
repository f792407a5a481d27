import { describe, expect, it } from "vitest";
import { rank, type PaletteCommand } from "./palette";

const command = (id: string, label: string, keywords?: string): PaletteCommand => ({
  id,
  label,
  group: "Go to",
  keywords,
  run: () => undefined,
});

const all = [
  command("go:calls", "Calls"),
  command("go:leads", "Leads"),
  command("do:dial", "Call someone", "phone ring dial"),
  command("lead:1", "Zoë Lee"),
  command("do:sync", "Sync now"),
];

describe("the command palette", () => {
  it("shows everything for an empty query, in order", () => {
    expect(rank(all, "  ").map((c) => c.id)).toEqual(all.map((c) => c.id));
  });

  it("finds by word starts in any order, ignoring case and accents", () => {
    expect(rank(all, "zoe").map((c) => c.id)).toEqual(["lead:1"]);
    expect(rank(all, "LEE zo").map((c) => c.id)).toEqual(["lead:1"]);
    expect(rank(all, "dial").map((c) => c.id)).toEqual(["do:dial"]);
    expect(rank(all, "xyz")).toEqual([]);
  });

  it("puts labels that start with the query first", () => {
    expect(rank(all, "call").map((c) => c.id)).toEqual(["go:calls", "do:dial"]);
    expect(rank(all, "call some").map((c) => c.id)).toEqual(["do:dial"]);
  });
});
