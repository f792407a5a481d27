import { describe, expect, it } from "vitest";
import { formatRoute, parseRoute, routeTable, sameRoute } from "./routes";

const table = routeTable([
  { id: "settings", sidebar: 90 },
  { id: "calls", sidebar: 10, item: "call" },
  { id: "leads", sidebar: 20, item: "lead" },
  { id: "editor", sidebar: null, item: "agent" },
]);

describe("route table", () => {
  it("is made from the registry's entries: which screens exist, which take an id", () => {
    expect([...table.screens]).toEqual(["settings", "calls", "leads", "editor"]);
    expect([...table.withId]).toEqual(["calls", "leads", "editor"]);
  });

  it("falls back to the top of the sidebar, not to the first entry written", () => {
    expect(table.fallback).toBe("calls");
    expect(routeTable([{ id: "hidden", sidebar: null }]).fallback).toBe("hidden");
    expect(() => routeTable([])).toThrow(/empty/);
  });
});

describe("parseRoute", () => {
  it("reads a screen, and an item of it", () => {
    expect(parseRoute("#/leads", table)).toEqual({ screen: "leads", id: null });
    expect(parseRoute("#/leads/lead-7", table)).toEqual({ screen: "leads", id: "lead-7" });
    expect(parseRoute("#/editor/agent-1", table)).toEqual({ screen: "editor", id: "agent-1" });
    // With or without the `#`, and with a trailing slash.
    expect(parseRoute("/calls/c1", table)).toEqual({ screen: "calls", id: "c1" });
    expect(parseRoute("#/calls/", table)).toEqual({ screen: "calls", id: null });
    expect(parseRoute("#/calls/c1/", table)).toEqual({ screen: "calls", id: "c1" });
  });

  it("sends an empty address to the fallback screen", () => {
    expect(parseRoute("", table)).toEqual({ screen: "calls", id: null });
    expect(parseRoute("#", table)).toEqual({ screen: "calls", id: null });
    expect(parseRoute("#/", table)).toEqual({ screen: "calls", id: null });
  });

  it("names nothing for unknown screens and malformed paths", () => {
    expect(parseRoute("#/nowhere", table)).toBeNull();
    expect(parseRoute("#/Calls", table)).toBeNull();
    expect(parseRoute("#calls", table)).toBeNull();
    expect(parseRoute("#/calls/a/b", table)).toBeNull();
  });

  it("drops an id the screen cannot take, and an id that does not decode", () => {
    expect(parseRoute("#/settings/x", table)).toEqual({ screen: "settings", id: null });
    expect(parseRoute("#/calls/%E0%A4%A", table)).toEqual({ screen: "calls", id: null });
  });
});

describe("formatRoute", () => {
  it("round-trips every id, whatever its characters", () => {
    for (const id of ["call-1", "a/b", "with space", "ü?#&%", "550e8400-e29b-41d4-a716-446655440000"]) {
      const hash = formatRoute({ screen: "calls", id });
      expect(hash.split("/")).toHaveLength(3);
      expect(parseRoute(hash, table)).toEqual({ screen: "calls", id });
    }
    expect(formatRoute({ screen: "settings", id: null })).toBe("#/settings");
  });

  it("compares routes by value", () => {
    expect(sameRoute({ screen: "calls", id: "1" }, { screen: "calls", id: "1" })).toBe(true);
    expect(sameRoute({ screen: "calls", id: "1" }, { screen: "calls", id: null })).toBe(false);
  });
});
