import { randomString } from '../nonce';
import type { TokenStore } from './TokenStore';

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; a simulated clock in tests. */
  clock?: () => number;
}

/** One process's store: the default, right for a single server. Use `redisStore` for several. */
export function memoryStore(options: MemoryStoreOptions = {}): TokenStore {
  const clock = options.clock ?? Date.now;
  const entries = new Map<string, { value: string; expiresAt: number }>();
  // Expired entries are otherwise dropped only when read again, and keys that are written once
  // and never read (the card event receiver's "seen" marks) would pile up for good. Sweeping
  // whenever the map has doubled since the last sweep keeps the cost per write constant.
  let sweepAtSize = 1024;
  const store = (key: string, value: string, ttlMs: number) => {
    entries.set(key, { value, expiresAt: clock() + ttlMs });
    if (entries.size < sweepAtSize) return;
    const now = clock();
    for (const [name, entry] of entries) if (entry.expiresAt <= now) entries.delete(name);
    sweepAtSize = Math.max(1024, entries.size * 2);
  };

  const live = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= clock()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };

  return {
    async get(key) {
      return live(key);
    },
    async set(key, value, ttlMs) {
      store(key, value, ttlMs);
    },
    async tryLock(key, ttlMs) {
      if (live(key) !== null) return null;
      const owner = randomString(16);
      store(key, owner, ttlMs);
      return async () => {
        if (live(key) === owner) entries.delete(key);
      };
    },
  };
}
