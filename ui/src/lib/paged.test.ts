import { describe, expect, it, vi } from "vitest";
import type { Page, PageRequest } from "./bindings";
import { PagedList } from "./paged.svelte";

type Row = { id: string };

const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }));

/// A fetch whose answers the test hands out one by one, in any order.
function controlled() {
  const calls: Array<{ page: PageRequest; resolve: (p: Page<Row>) => void; reject: (e: unknown) => void }> = [];
  const fetch = vi.fn(
    (page: PageRequest) =>
      new Promise<Page<Row>>((resolve, reject) => {
        calls.push({ page, resolve, reject });
      }),
  );
  const at = (i: number) => {
    const call = calls[i];
    if (!call) {
      throw new Error(`no request #${i}`);
    }
    return call;
  };
  return { fetch, at };
}

describe("PagedList", () => {
  it("reads the first page, and re-reads a long list in requests of at most 500", async () => {
    // 1200 rows, keyset-paged as the store pages them.
    const all = rows(...Array.from({ length: 1200 }, (_, i) => `r${i}`));
    const fetch = vi.fn(async ({ limit, after }: PageRequest): Promise<Page<Row>> => {
      const from = after === null ? 0 : all.findIndex((r) => r.id === after) + 1;
      const items = all.slice(from, from + limit);
      return { items, next: from + limit < all.length ? (items.at(-1)?.id ?? null) : null };
    });
    const list = new PagedList<Row>({ fetch });
    expect(list.loaded).toBe(false);

    await list.reload();
    expect(list.items).toHaveLength(50);
    expect(list.next).toBe("r49");
    expect(list.loading).toBe(false);
    expect(list.loaded).toBe(true);
    expect(list.error).toBeNull();

    await list.reload(3);
    await list.reload(120);
    fetch.mockClear();
    // Scrolled to 1100 rows, then a live update: all 1100 come back, no cap.
    await list.reload(1100);
    expect(fetch.mock.calls.map(([page]) => page)).toEqual([
      { limit: 500, after: null },
      { limit: 500, after: "r499" },
      { limit: 100, after: "r999" },
    ]);
    expect(list.items).toHaveLength(1100);
    expect(list.items.at(-1)?.id).toBe("r1099");
    expect(list.next).toBe("r1099");
  });

  it("drops the answer to a reload that a newer reload overtook", async () => {
    const { fetch, at } = controlled();
    const list = new PagedList<Row>({ fetch });

    const first = list.reload();
    const second = list.reload();
    at(1).resolve({ items: rows("new"), next: null });
    await second;
    expect(list.items.map((r) => r.id)).toEqual(["new"]);
    expect(list.loading).toBe(false);

    // The stale answer arrives late: neither its rows nor its failure land.
    at(0).resolve({ items: rows("old"), next: "old" });
    await first;
    expect(list.items.map((r) => r.id)).toEqual(["new"]);
    expect(list.next).toBeNull();

    const third = list.reload();
    const fourth = list.reload();
    at(3).resolve({ items: rows("newest"), next: null });
    await fourth;
    at(2).reject({ code: "offline", message: "offline" });
    await third;
    expect(list.error).toBeNull();
    expect(list.items.map((r) => r.id)).toEqual(["newest"]);
  });

  it("keeps loading until the newest reload answers", async () => {
    const { fetch, at } = controlled();
    const list = new PagedList<Row>({ fetch });

    const first = list.reload();
    const second = list.reload();
    at(0).resolve({ items: rows("old"), next: null });
    await first;
    expect(list.loading).toBe(true);
    expect(list.loaded).toBe(false);
    at(1).resolve({ items: rows("new"), next: null });
    await second;
    expect(list.loading).toBe(false);
    expect(list.loaded).toBe(true);
  });

  it("loads more after the cursor and skips rows already shown", async () => {
    const pages: Record<string, Page<Row>> = {
      first: { items: rows("e", "d", "c"), next: "c" },
      c: { items: rows("c", "b", "a"), next: "a" },
      a: { items: rows("a", "z"), next: null },
    };
    const fetch = vi.fn(
      async (page: PageRequest): Promise<Page<Row>> => pages[page.after ?? "first"] ?? { items: [], next: null },
    );
    const list = new PagedList<Row>({ fetch });

    await list.reload();
    await list.loadMore();
    expect(list.items.map((r) => r.id)).toEqual(["e", "d", "c", "b", "a"]);
    expect(list.next).toBe("a");
    await list.loadMore();
    expect(list.items.map((r) => r.id)).toEqual(["e", "d", "c", "b", "a", "z"]);
    expect(list.next).toBeNull();
    expect(fetch.mock.calls.map(([page]) => page)).toEqual([
      { limit: 50, after: null },
      { limit: 50, after: "c" },
      { limit: 50, after: "a" },
    ]);

    // On the last page there is nothing more to load.
    await list.loadMore();
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("does not load more while a request is in flight", async () => {
    const { fetch, at } = controlled();
    const list = new PagedList<Row>({ fetch });

    const reload = list.reload();
    at(0).resolve({ items: rows("b"), next: "b" });
    await reload;

    const more = list.loadMore();
    void list.loadMore();
    expect(fetch).toHaveBeenCalledTimes(2);
    at(1).resolve({ items: rows("a"), next: null });
    await more;
    expect(list.items.map((r) => r.id)).toEqual(["b", "a"]);
  });

  it("records errors as AppErrors and clears them on the next good reload", async () => {
    let fail: unknown = { code: "offline", message: "no network" };
    const fetch = vi.fn(async (page: PageRequest): Promise<Page<Row>> => {
      if (fail) {
        throw fail;
      }
      return page.after ? { items: rows("a"), next: null } : { items: rows("b"), next: "b" };
    });
    const list = new PagedList<Row>({ fetch });

    await list.reload();
    expect(list.error).toEqual({ code: "offline", message: "no network" });
    expect(list.loaded).toBe(true);
    expect(list.loading).toBe(false);
    expect(list.items).toEqual([]);

    fail = null;
    await list.reload();
    expect(list.error).toBeNull();
    expect(list.items.map((r) => r.id)).toEqual(["b"]);

    fail = new Error("boom");
    await list.loadMore();
    expect(list.error).toEqual({ code: "unexpected", message: "boom" });
    expect(list.loading).toBe(false);
    expect(list.items.map((r) => r.id)).toEqual(["b"]);
    expect(list.next).toBe("b");
  });

  it("loads the alongside value with each first page, and only from current reloads", async () => {
    const { fetch, at } = controlled();
    let count = 0;
    let failAlongside = false;
    const alongside = vi.fn(async () => {
      if (failAlongside) {
        throw { code: "busy", message: "busy" };
      }
      return ++count;
    });
    const list = new PagedList<Row, number>({ fetch, alongside });
    expect(list.extra).toBeNull();

    const first = list.reload();
    const second = list.reload();
    at(1).resolve({ items: rows("a"), next: "a" });
    await second;
    expect(list.extra).toBe(2);
    at(0).resolve({ items: rows("old"), next: null });
    await first;
    expect(list.extra).toBe(2);

    // Loading more leaves it alone.
    const more = list.loadMore();
    at(2).resolve({ items: rows("b"), next: null });
    await more;
    expect(alongside).toHaveBeenCalledTimes(2);

    // If it fails, the reload fails and nothing changes.
    failAlongside = true;
    const third = list.reload();
    at(3).resolve({ items: rows("x"), next: null });
    await third;
    expect(list.error).toEqual({ code: "busy", message: "busy" });
    expect(list.items.map((r) => r.id)).toEqual(["a", "b"]);
    expect(list.extra).toBe(2);
  });
});
