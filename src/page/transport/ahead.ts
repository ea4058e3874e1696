/**
 * Answers fetched ahead of the engine asking for them, one per key, each handed over once:
 * a prefetched card_ext, what the server embedded in the page, or a request a tap started
 * beside the engine's download. Keys are the transport's own (a page URL, a card), never a
 * request's text.
 */
export interface Ahead<T> {
  /** Whether a fresh one waits under `key`. */
  has(key: string): boolean;
  /**
   * `speculative`: fetched before anyone asked (a prefetch, an embedded answer), so if it
   * failed the taker fetches anew. Otherwise it was started for a call that waits for it,
   * and its failure is that call's to report.
   */
  put(key: string, value: Promise<T>, speculative: boolean): void;
  /** The one waiting under `key`, else `fetch()`. */
  take(key: string, fetch: () => Promise<T>): Promise<T>;
  /** Drops what calls started and the engine did not take: it could only go stale. */
  dropUnspeculative(): void;
}

interface Entry<T> {
  value: Promise<T>;
  at: number;
  speculative: boolean;
}

/** `ttlMs`: how long an answer waits; one older is dropped rather than risk a stale timestamp. */
export function createAhead<T>(ttlMs: number): Ahead<T> {
  const entries = new Map<string, Entry<T>>();
  const fresh = (key: string): Entry<T> | undefined => {
    const entry = entries.get(key);
    if (entry && Date.now() - entry.at < ttlMs) return entry;
    entries.delete(key);
    return undefined;
  };
  return {
    has: (key) => fresh(key) !== undefined,
    put(key, value, speculative) {
      value.catch(() => undefined); // reported to the taker, or never asked for
      entries.set(key, { value, at: Date.now(), speculative });
    },
    take(key, fetch) {
      const entry = fresh(key);
      entries.delete(key);
      if (!entry) return fetch();
      return entry.speculative ? entry.value.catch(fetch) : entry.value;
    },
    dropUnspeculative() {
      for (const [key, entry] of entries) if (!entry.speculative) entries.delete(key);
    },
  };
}
