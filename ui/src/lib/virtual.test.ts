import { describe, expect, it } from "vitest";
import { nearEnd, scrollToShow, windowOf } from "./virtual";

describe("the list window", () => {
  it("renders the rows in view and a few either side, with spacers for the rest", () => {
    const w = windowOf(10_000, 60, 0, 600);
    expect(w).toEqual({ start: 0, end: 18, before: 0, after: (10_000 - 18) * 60 });
    const mid = windowOf(10_000, 60, 60 * 5000, 600);
    expect(mid.start).toBe(4992);
    expect(mid.end).toBe(5018);
    expect(mid.before + (mid.end - mid.start) * 60 + mid.after).toBe(10_000 * 60);
  });

  it("stops at the ends", () => {
    const end = windowOf(10_000, 60, 60 * 10_000, 600);
    expect(end.end).toBe(10_000);
    expect(end.after).toBe(0);
    expect(windowOf(0, 60, 0, 600)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
    expect(windowOf(5, 60, -100, 600)).toEqual({ start: 0, end: 5, before: 0, after: 0 });
  });

  it("scrolls a row into view only when it is not", () => {
    expect(scrollToShow(3, 60, 0, 600)).toBeNull();
    expect(scrollToShow(10, 60, 0, 600)).toBe(660 - 600);
    expect(scrollToShow(2, 60, 300, 600)).toBe(120);
  });

  it("asks for more near the end of what is loaded", () => {
    expect(nearEnd(windowOf(50, 60, 0, 600), 50)).toBe(false);
    expect(nearEnd(windowOf(50, 60, 60 * 30, 600), 50)).toBe(true);
  });
});
