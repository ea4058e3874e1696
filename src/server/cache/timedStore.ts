import { StoreTimeoutError } from '../errors/StoreTimeoutError';
import { describeStoreFailure, StoreUnavailableError } from '../errors/StoreUnavailableError';
import type { TokenStore } from './TokenStore';

/**
 * `store` with every call raced against `timeoutMs`, and every failure made a
 * StoreUnavailableError: a store that stops answering (Redis down, its client queueing commands
 * until it reconnects) fails requests with a StoreTimeoutError instead of holding them open, and
 * one that fails fast (a connection reset mid-command, a client with no offline queue, a Redis
 * still loading its data) fails them the same documented way, not as an unknown error. A call
 * that times out may still complete later; a lock taken that way is simply left to expire after
 * its (short) TTL.
 */
export function timedStore(store: TokenStore, timeoutMs: number): TokenStore {
  const timed = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StoreTimeoutError(operation, timeoutMs)), timeoutMs);
      Promise.resolve()
        .then(work)
        .then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(
              error instanceof StoreUnavailableError
                ? error
                : new StoreUnavailableError(operation, `The token store failed ${operation}: ${describeStoreFailure(error)}`),
            );
          },
        );
    });
  return {
    get: (key) => timed('get', () => store.get(key)),
    set: (key, value, ttlMs) => timed('set', () => store.set(key, value, ttlMs)),
    async tryLock(key, ttlMs) {
      const release = await timed('lock', () => store.tryLock(key, ttlMs));
      return release && (() => timed('unlock', release));
    },
  };
}
