import { RefreshWaitTimeoutError } from '../errors/RefreshWaitTimeoutError';
import type { Logger } from '../logger';
import { randomString } from '../nonce';
import { sleep } from '../sleep';
import { CLEARED_RECORD, failureRecord, recalledFailure, rememberFor, STREAK_MEMORY_MS } from './rememberedFailure';
import { singleFlight } from '../../utils/singleFlight';
import type { TokenStore } from './TokenStore';

/**
 * An access_token or ticket, and until when this server uses it (epoch ms on the cache's clock):
 * WeChat's expiry less the clock-skew margin.
 */
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
  /** From here on a reader starts a refresh, while the value still works for everyone. */
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
  /**
   * How far the clocks that judge an entry may disagree: each process sharing the store reads
   * an expiry another wrote on its own clock, and a clock stepped back after a fetch (NTP)
   * stretches what is left. A value is not served in its last `clockSkewMs`, so that no clock
   * within that margin serves a token or signs with a ticket WeChat already considers expired.
   */
  clockSkewMs: number;
  /**
   * How long a fetching process holds the refresh lock. Short (a few upstream timeouts): a
   * process that dies holding it stalls the others only this long. A fetch that outlives it
   * may be repeated by another process, which costs one more call, not a wrong value.
   */
  lockTtlMs: number;
  logger: Logger;
}

export interface CredentialCache {
  /**
   * The cached credential `name`. While the cached value still works it is returned at once,
   * and once it is due (`refreshAheadMs` before expiry) one refresh runs in the background.
   * Only a caller with no working value waits, for its own fetch or another process's; when
   * that fetch failed in a way that will not pass in seconds (quota, whitelist, secret,
   * timeout), the failure is rethrown to every caller for a while instead of fetching again: 1 s for the
   * first failure in a row, doubling with each further one up to 30 s, reset by a success.
   * `rejected` is a value WeChat just refused: the entry holding it is not served again, and
   * the first caller to notice refreshes it (once across all processes, thanks to the lock).
   * The others take the refreshed entry, even when it holds the same value.
   */
  get(name: string, fetch: () => Promise<FetchedCredential>, rejected?: string): Promise<Credential>;
  /** Resolves once the background refreshes running now (and any they start) have settled. */
  idle(): Promise<void>;
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

const credentialOf = ({ value, expiresAt }: Entry): Credential => ({ value, expiresAt });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  const { store, clock, refreshAheadMs, clockSkewMs, lockTtlMs, logger } = options;
  const flight = singleFlight();
  const pausedUntil = new Map<string, number>();
  // Failures remembered in this process; the store has them too, for the other processes.
  const failures = new Map<string, { error: Error; until: number }>();
  // Failures in a row per name, as last seen here or in the store: how long the next is kept.
  const streaks = new Map<string, number>();
  const background = new Map<string, Promise<void>>();
  // How long a caller with nothing to serve waits for another process's fetch: past the
  // holder's lock TTL, so that a crashed holder's lock has expired and the caller took over.
  // Wall-clock even under a simulated clock: the other fetch takes real milliseconds.
  const maxWaitMs = lockTtlMs + lockTtlMs / 4;

  // `stale` is the version of an entry whose value WeChat refused.
  const fresh = (entry: Entry | null, stale?: string): entry is Entry => !!entry && entry.version !== stale && clock() < entry.refreshAt;
  const valid = (entry: Entry | null, stale?: string): entry is Entry => !!entry && entry.version !== stale && clock() < entry.expiresAt;
  const read = async (name: string) => parse(await store.get(name));
  const lockKey = (name: string) => `lock:${name}`;
  const failureKey = (name: string) => `failed:${name}`;
  const release = (unlock: () => Promise<void>, name: string) =>
    unlock().catch((error: unknown) => logger.warn?.('wx-coupon: could not release the refresh lock', { name, error: messageOf(error) }));

  async function fetchAndStore(name: string, fetch: () => Promise<FetchedCredential>): Promise<Entry> {
    const fetchedAt = clock();
    const { value, expiresInSeconds } = await fetch();
    const lifetime = expiresInSeconds * 1000;
    // WeChat gives a lifetime, not a time: measured from before the request, the expiry is on
    // our clock and never later than WeChat's. The full skew margin comes off, however little
    // life the value has left: a clock stepped back by clockSkewMs stretches a short life as much
    // as a long one, and a smaller margin would sign with a ticket WeChat already let expire.
    const expiresAt = fetchedAt + lifetime - clockSkewMs;
    // A value that arrives with little life left (WeChat hands out the current token with the
    // remaining `expires_in`) must not be refreshed on every read: refresh at half-life then.
    const entry: Entry = {
      value,
      expiresAt,
      refreshAt: Math.min(expiresAt, fetchedAt + lifetime - Math.min(refreshAheadMs, lifetime / 2)),
      version: randomString(12),
    };
    // The value is good whether or not the store takes it: serve it, and let the other
    // processes fetch their own if it could not be shared.
    await store
      .set(name, JSON.stringify(entry), lifetime)
      .catch((error: unknown) => logger.warn?.('wx-coupon: could not store the fetched value', { name, error: messageOf(error) }));
    pausedUntil.delete(name);
    failures.delete(name);
    // The streak of failures is over, for the other processes too: the next failure is a blip
    // again (remembered 1 s), not the next step up.
    if (streaks.has(name)) {
      streaks.delete(name);
      await store
        .set(failureKey(name), CLEARED_RECORD, STREAK_MEMORY_MS)
        .catch((error: unknown) => logger.warn?.('wx-coupon: could not clear the remembered failure for the other processes', { name, error: messageOf(error) }));
    }
    return entry;
  }

  /** A failure this process or another one remembers for `name`, if it is still live. */
  async function recall(name: string): Promise<Error | null> {
    const known = failures.get(name);
    if (known && clock() < known.until) return known.error;
    const stored = recalledFailure(await store.get(failureKey(name)), clock());
    if (!stored) return null;
    if (stored.streak > 0) streaks.set(name, stored.streak);
    else streaks.delete(name);
    if (!stored.live) return null;
    failures.set(name, stored.live);
    return stored.live.error;
  }

  async function remember(name: string, error: unknown): Promise<void> {
    // recall() read the store's record just before this fetch, so `streaks` is current.
    const streak = (streaks.get(name) ?? 0) + 1;
    const rememberMs = rememberFor(streak);
    const until = clock() + rememberMs;
    const record = failureRecord(error, until, streak);
    if (!record) return;
    streaks.set(name, streak);
    failures.set(name, { error: error as Error, until });
    await store
      .set(failureKey(name), JSON.stringify(record), rememberMs + STREAK_MEMORY_MS)
      .catch((storeError: unknown) => logger.warn?.('wx-coupon: could not store the failure for the other processes', { name, error: messageOf(storeError) }));
  }

  /**
   * The cached value still works: refresh it without anyone waiting. One run per name in this
   * process; across processes, whoever takes the lock refreshes and the others skip, since the
   * new value will be in the store for their next read.
   */
  function refreshInBackground(name: string, fetch: () => Promise<FetchedCredential>): void {
    if (background.has(name) || clock() < (pausedUntil.get(name) ?? 0)) return;
    const run = (async () => {
      const failed = await recall(name); // another process's refresh failed a moment ago
      if (failed) throw failed;
      const unlock = await store.tryLock(lockKey(name), lockTtlMs);
      if (!unlock) return;
      try {
        if (fresh(await read(name))) return; // another process refreshed before our lock
        try {
          await fetchAndStore(name, fetch);
        } catch (error) {
          await remember(name, error);
          throw error;
        }
      } finally {
        await release(unlock, name);
      }
    })()
      .catch((error: unknown) => {
        pausedUntil.set(name, Math.max(clock() + FAILED_REFRESH_PAUSE_MS, failures.get(name)?.until ?? 0));
        logger.warn?.('wx-coupon: refresh failed; serving the cached value until it expires', { name, error: messageOf(error) });
      })
      .finally(() => background.delete(name));
    background.set(name, run);
  }

  /** Nothing valid is cached: fetch under the lock, or wait (boundedly) for whoever holds it. */
  async function refreshNow(name: string, fetch: () => Promise<FetchedCredential>, stale: string | undefined): Promise<Entry> {
    const started = performance.now();
    let pollMs = POLL_FIRST_MS;
    for (;;) {
      const unlock = await store.tryLock(lockKey(name), lockTtlMs);
      if (unlock) {
        try {
          // Another process may have fetched, or failed, between our read and our lock.
          const current = await read(name);
          if (valid(current, stale)) return current;
          const failed = await recall(name);
          if (failed) throw failed;
          try {
            return await fetchAndStore(name, fetch);
          } catch (error) {
            await remember(name, error);
            throw error;
          }
        } finally {
          await release(unlock, name);
        }
      }
      // Someone else is fetching: read their result instead of fetching too.
      await sleep(pollMs);
      pollMs = Math.min(pollMs * 2, POLL_MAX_MS);
      const current = await read(name);
      if (valid(current, stale)) return current;
      const failed = await recall(name); // the process holding the lock failed: so would we
      if (failed) throw failed;
      if (performance.now() - started > maxWaitMs) {
        throw new RefreshWaitTimeoutError(name, Math.round(maxWaitMs));
      }
    }
  }

  return {
    get(name, fetch, rejected) {
      // Started on a later microtask, as this cache always has (singleFlight starts work in the
      // caller's turn, which the browser's card calls need): the order in which concurrent
      // callers' failures settle depends on it, and the demo e2e ('logs the upstream errcode')
      // relies on the signature's 502 reaching the page before the card_ext's.
      return flight(rejected === undefined ? name : `${name}\n${rejected}`, () => Promise.resolve().then(async () => {
        const cached = await read(name);
        const stale = rejected !== undefined && cached?.value === rejected ? cached.version : undefined;
        if (fresh(cached, stale)) return credentialOf(cached);
        if (valid(cached, stale)) {
          refreshInBackground(name, fetch);
          return credentialOf(cached);
        }
        const failed = await recall(name);
        if (failed) throw failed;
        return credentialOf(await refreshNow(name, fetch, stale));
      }));
    },
    async idle() {
      while (background.size > 0) await Promise.all(background.values());
    },
  };
}
