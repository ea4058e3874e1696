/**
 * Where access_token and tickets live between calls, shared by every process that serves the
 * same appId. WeChat wants them cached centrally: processes that each fetch their own token
 * knock each other's tokens out and burn the daily quota.
 *
 * Values are opaque strings; freshness is decided by the reader from what the value records,
 * so `ttlMs` only lets the store forget entries nobody will use again.
 */
export interface TokenStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Take `key` exclusively for at most `ttlMs`, or resolve `null` when someone else holds it.
   * The returned function releases the lock only if it is still ours (it may have expired and
   * been taken by another process meanwhile).
   */
  tryLock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}
