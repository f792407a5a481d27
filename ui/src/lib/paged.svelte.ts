// A keyset-paged list (newest first; more pages as it scrolls) shared by the Calls and
// Leads screens.
// Each reload or load-more bumps a generation counter, so an answer that arrives after a
// newer request started is dropped instead of overwriting fresher rows.
import type { Page, PageRequest } from "./bindings";
import { toAppError, type ShownError } from "./errors";

/// Rows per page, and the most one request asks for when a reload re-reads what is
/// already shown (the store's page limit); a longer list is re-read in several.
export const PAGE_SIZE = 50;
export const MAX_RELOAD = 500;

export interface PagedListOptions<T, X> {
  /// Reads one page; `after` is null for the first page.
  fetch: (page: PageRequest) => Promise<Page<T>>;
  /// Loaded alongside every first page (e.g. pipeline counts). Both must succeed; the
  /// result lands in `extra` together with the rows, and only if the reload is current.
  alongside?: () => Promise<X>;
}

export class PagedList<T extends { id: string }, X = never> {
  items = $state<T[]>([]);
  next = $state<string | null>(null);
  extra = $state<X | null>(null);
  loading = $state(false);
  loaded = $state(false);
  error = $state<ShownError | null>(null);

  #fetch: (page: PageRequest) => Promise<Page<T>>;
  #alongside: (() => Promise<X>) | undefined;
  #generation = 0;

  constructor(options: PagedListOptions<T, X>) {
    this.#fetch = options.fetch;
    this.#alongside = options.alongside;
  }

  /// Reads the first `limit` rows again (after a filter change or live updates), at least
  /// one page, in requests of at most MAX_RELOAD rows, so scrolled-in rows stay.
  reload(limit = PAGE_SIZE): Promise<void> {
    const want = Math.max(PAGE_SIZE, limit);
    return this.#newest(
      () => Promise.all([this.#readFirst(want), this.#alongside?.()]),
      ([page, extra]) => {
        this.items = page.items;
        this.next = page.next;
        if (this.#alongside) {
          this.extra = extra as X;
        }
        this.error = null;
      },
    );
  }

  /// The first `want` rows, as one page (its `next` is where they stop).
  async #readFirst(want: number): Promise<Page<T>> {
    let page = await this.#fetch({ limit: Math.min(MAX_RELOAD, want), after: null });
    const items = [...page.items];
    // Only a list longer than one request reads on; a short page (rows removed since)
    // or an empty one ends it as far as we know.
    while (want > MAX_RELOAD && page.next && page.items.length > 0 && items.length < want) {
      page = await this.#fetch({ limit: Math.min(MAX_RELOAD, want - items.length), after: page.next });
      items.push(...page.items);
    }
    return { items, next: page.next };
  }

  /// Appends the next page, skipping rows already shown (new rows may have pushed older
  /// ones across the page boundary). Does nothing on the last page or while loading.
  loadMore(): Promise<void> {
    const after = this.next;
    if (!after || this.loading) {
      return Promise.resolve();
    }
    return this.#newest(
      () => this.#fetch({ limit: PAGE_SIZE, after }),
      (page) => {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, gone after this line
        const known = new Set(this.items.map((row) => row.id));
        this.items = [...this.items, ...page.items.filter((row) => !known.has(row.id))];
        this.next = page.next;
      },
    );
  }

  /// Runs `request` as the newest one: its answer is applied, or its error recorded, only
  /// if no other request started in the meantime. (Marking `loaded` after a load-more is a
  /// no-op: loading more needs a `next`, which only a finished reload sets.)
  async #newest<V>(request: () => Promise<V>, apply: (value: V) => void): Promise<void> {
    const mine = ++this.#generation;
    this.loading = true;
    try {
      const value = await request();
      if (mine === this.#generation) {
        apply(value);
      }
    } catch (e) {
      if (mine === this.#generation) {
        this.error = toAppError(e);
      }
    } finally {
      if (mine === this.#generation) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }
}
