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
      entries.set(key, { value, expiresAt: clock() + ttlMs });
    },
    async tryLock(key, ttlMs) {
      if (live(key) !== null) return null;
      const owner = randomString(16);
      entries.set(key, { value: owner, expiresAt: clock() + ttlMs });
      return async () => {
        if (live(key) === owner) entries.delete(key);
      };
    },
  };
}
