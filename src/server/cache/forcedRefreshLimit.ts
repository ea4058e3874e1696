import type { TokenStore } from './TokenStore';

/**
 * How often, at most, any process sharing the store forces a stable_token refresh. WeChat allows
 * 20 forced refreshes a day per appId (one per 72 minutes), and each one knocks out the token
 * every other server is using. If WeChat keeps refusing tokens (a revoked token, a platform
 * problem), forcing once per request would spend the day's 20 in 20 requests and break the
 * other servers each time; once per 75 minutes stays under the limit and leaves room for a
 * force by another tool.
 */
export const FORCED_REFRESH_INTERVAL_MS = 75 * 60_000;

/**
 * Whether this process may force a refresh of `name` now: it takes a lock that is never
 * released, so it doubles as "forced at" for every process sharing the store, and expires
 * after the interval. A store that fails rejects (StoreUnavailableError), like every other
 * store call.
 */
export async function mayForceRefresh(store: TokenStore, name: string): Promise<boolean> {
  return (await store.tryLock(`force:${name}`, FORCED_REFRESH_INTERVAL_MS)) !== null;
}
