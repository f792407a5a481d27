// Which rows of a long list to put in the DOM: those in view plus a few either side, with
// spacers standing in for the rest. Rows have one fixed height (the list's CSS sets it),
// so the window is arithmetic, and 10k rows cost the same as 20.

export type ListWindow = {
  /// First row rendered (inclusive) and the one after the last.
  start: number;
  end: number;
  /// Heights of the spacers before and after the rendered rows, in pixels.
  before: number;
  after: number;
};

/// Rows rendered beyond each edge of the view, so a fast scroll shows rows, not blanks.
export const OVERSCAN = 8;

export function windowOf(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewport: number,
  overscan = OVERSCAN,
): ListWindow {
  if (count <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0, before: 0, after: 0 };
  }
  // Before the pane has a size (first paint, a hidden tab), render one screenful's worth.
  const view = viewport > 0 ? viewport : 800;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + Math.ceil(view / rowHeight) + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/// The scroll position that brings row `index` into a view of `viewport` pixels scrolled
/// to `scrollTop`, moving as little as possible (null: it is already in view).
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, viewport: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) {
    return top;
  }
  if (bottom > scrollTop + viewport) {
    return bottom - viewport;
  }
  return null;
}

/// Whether the view is close enough to the end of the loaded rows to read the next page.
export function nearEnd(win: ListWindow, count: number, margin = 2 * OVERSCAN): boolean {
  return count > 0 && win.end >= count - margin;
}

/// Calls `set` with `el`'s height now and whenever it changes (the list's viewport);
/// returns the function that stops watching (an $effect's cleanup).
export function watchHeight(el: HTMLElement, set: (height: number) => void): () => void {
  const measure = () => set(el.clientHeight);
  measure();
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(measure) : null;
  observer?.observe(el);
  return () => observer?.disconnect();
}
