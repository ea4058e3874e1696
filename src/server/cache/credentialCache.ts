import { UpstreamTimeoutError } from '../errors/UpstreamTimeoutError';
import type { Logger } from '../logger';
import { randomString } from '../nonce';
import { sleep } from '../sleep';
import { singleFlight } from './singleFlight';
import type { TokenStore } from './TokenStore';

/** An access_token or ticket and when WeChat stops accepting it (epoch ms on the cache's clock). */
export interface Credential {
  value: string;
  expiresAt: number;
}

/** What a fetch from WeChat yields: the value and WeChat's `expires_in`. */
export interface FetchedCredential {
  value: string;
  expiresInSeconds: number;
}

interface Entry extends Credential {
  /** From here on the next reader refreshes, while the value still works for everyone else. */
  refreshAt: number;
  /**
   * Which fetch wrote it. A caller whose value WeChat refused waits for a newer *fetch*, not a
   * different *value*: stable_token may well hand out the same token again.
   */
  version: string;
}

export interface CredentialCacheOptions {
  store: TokenStore;
  clock: () => number;
  refreshAheadMs: number;
  /** How long a fetching process may hold the lock: longer than its slowest fetch. */
  lockTtlMs: number;
  logger: Logger;
}

export interface CredentialCache {
  /**
   * The cached credential `name`, fetched with `fetch` when missing or due for refresh.
   * `rejected` is a value WeChat just refused: the entry holding it is not served again, and
   * the first caller to notice refreshes it (once across all processes, thanks to the lock).
   * The others take the refreshed entry, even when it holds the same value.
   */
  get(name: string, fetch: () => Promise<FetchedCredential>, rejected?: string): Promise<Credential>;
}

// After a refresh failed while the old value still works, serve the old value for this long
// before asking WeChat again: a quota or IP-whitelist error should not be retried per request.
const FAILED_REFRESH_PAUSE_MS = 30_000;
const POLL_FIRST_MS = 5;
const POLL_MAX_MS = 100;

function parse(raw: string | null): Entry | null {
  if (raw === null) return null;
  try {
    const entry = JSON.parse(raw) as Partial<Entry>;
    if (typeof entry.value === 'string' && typeof entry.expiresAt === 'number' && typeof entry.refreshAt === 'number' && typeof entry.version === 'string') {
      return { value: entry.value, expiresAt: entry.expiresAt, refreshAt: entry.refreshAt, version: entry.version };
    }
  } catch {
    // Written by something else: treat as missing and overwrite.
  }
  return null;
}

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  const { store, clock, refreshAheadMs, lockTtlMs, logger } = options;
  const flight = singleFlight<Credential>();
  const pausedUntil = new Map<string, number>();
  // Waiting in wall-clock time even under a simulated clock: the other process's fetch takes
  // real milliseconds, whatever time the simulation says it is.
  const maxWaitMs = lockTtlMs + lockTtlMs / 2;

  // `stale` is the version of an entry whose value WeChat refused.
  const fresh = (entry: Entry | null, stale?: string): entry is Entry => !!entry && entry.version !== stale && clock() < entry.refreshAt;
  const valid = (entry: Entry | null, stale?: string): entry is Entry => !!entry && entry.version !== stale && clock() < entry.expiresAt;
  const read = async (name: string) => parse(await store.get(name));

  async function fetchAndStore(name: string, fetch: () => Promise<FetchedCredential>): Promise<Entry> {
    const fetchedAt = clock();
    const { value, expiresInSeconds } = await fetch();
    const lifetime = expiresInSeconds * 1000;
    // A value that arrives with little life left (WeChat hands out the current token with the
    // remaining `expires_in`) must not be refreshed on every read: refresh at half-life then.
    const entry: Entry = {
      value,
      expiresAt: fetchedAt + lifetime,
      refreshAt: fetchedAt + lifetime - Math.min(refreshAheadMs, lifetime / 2),
      version: randomString(12),
    };
    await store.set(name, JSON.stringify(entry), lifetime);
    pausedUntil.delete(name);
    return entry;
  }

  async function refresh(name: string, fetch: () => Promise<FetchedCredential>, stale: string | undefined, seen: Entry | null): Promise<Entry> {
    const started = performance.now();
    let pollMs = POLL_FIRST_MS;
    for (;;) {
      const release = await store.tryLock(`lock:${name}`, lockTtlMs);
      if (release) {
        try {
          // Another process may have refreshed between our read and our lock.
          const current = (await read(name)) ?? seen;
          if (fresh(current, stale)) return current;
          try {
            return await fetchAndStore(name, fetch);
          } catch (error) {
            if (!valid(current, stale)) throw error;
            pausedUntil.set(name, clock() + FAILED_REFRESH_PAUSE_MS);
            logger.warn?.('wx-coupon: refresh failed; serving the cached value until it expires', { name, error: (error as Error).message });
            return current;
          }
        } finally {
          await release().catch((error: Error) => logger.warn?.('wx-coupon: could not release the refresh lock', { name, error: error.message }));
        }
      }
      // Someone else is fetching: read their result instead of fetching too.
      await sleep(pollMs);
      pollMs = Math.min(pollMs * 2, POLL_MAX_MS);
      const current = await read(name);
      if (fresh(current, stale)) return current;
      if (performance.now() - started > maxWaitMs) {
        const fallback = current ?? seen;
        if (valid(fallback, stale)) return fallback;
        const waited = Math.round(maxWaitMs);
        throw new UpstreamTimeoutError(name, waited, `${name} was not refreshed within ${waited} ms by the process holding the refresh lock`);
      }
    }
  }

  return {
    get(name, fetch, rejected) {
      return flight(rejected === undefined ? name : `${name}\n${rejected}`, async () => {
        const cached = await read(name);
        const stale = rejected !== undefined && cached?.value === rejected ? cached.version : undefined;
        const serveCached = fresh(cached, stale) || (valid(cached, stale) && clock() < (pausedUntil.get(name) ?? 0));
        const { value, expiresAt } = serveCached ? (cached as Entry) : await refresh(name, fetch, stale, cached);
        return { value, expiresAt };
      });
    },
  };
}
