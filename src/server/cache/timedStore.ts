import { StoreTimeoutError } from '../errors/StoreTimeoutError';
import { describeStoreFailure, StoreUnavailableError } from '../errors/StoreUnavailableError';
import type { TokenStore } from './TokenStore';

// Runs `callback` once the event loop has read the sockets that are ready: setImmediate's check
// phase comes after the poll phase. setTimeout(0) does too, where there is no setImmediate.
const afterPendingIo: (callback: () => void) => void =
  typeof setImmediate === 'function' ? (callback) => void setImmediate(callback) : (callback) => void setTimeout(callback, 0);

// A timer that fires later than this was held up by the process itself, not by the store.
const LATE_MS = 20;

/**
 * `store` with every call raced against `timeoutMs`, and every failure made a
 * StoreUnavailableError: a store that stops answering (Redis down, its client queueing commands
 * until it reconnects) fails requests with a StoreTimeoutError instead of holding them open, and
 * one that fails fast (a connection reset mid-command, a client with no offline queue, a Redis
 * still loading its data) fails them the same documented way, not as an unknown error. A call
 * that times out may still complete later; a lock taken that way is simply left to expire after
 * its (short) TTL.
 *
 * The timeout is the store's, not the process's. On a cold burst the event loop can be busy
 * for longer than `timeoutMs` (hundreds of requests resuming at once), and Node runs expired
 * timers *before* it reads the sockets: a Redis reply that arrived in a millisecond would
 * still be unread when the timer fires, and a healthy Redis would answer 503s. So when the
 * timer fires, the answer is first given the chance to be read (one turn of the event loop's
 * I/O), and when the timer itself fired late — the loop was blocked — the store gets that
 * lost time again, up to another `timeoutMs`, before the call counts as unanswered.
 */
export function timedStore(store: TokenStore, timeoutMs: number): TokenStore {
  const timed = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeOut = () => {
        if (settled) return;
        settled = true;
        reject(new StoreTimeoutError(operation, timeoutMs));
      };
      const started = performance.now();
      let lostMs = 0;
      const onTimer = (dueAt: number) => {
        const late = performance.now() - dueAt;
        afterPendingIo(() => {
          if (settled) return;
          const grant = Math.min(late, timeoutMs - lostMs);
          if (late > LATE_MS && grant > 0) {
            lostMs += grant;
            const due = performance.now() + grant;
            timer = setTimeout(() => onTimer(due), grant);
          } else {
            timeOut();
          }
        });
      };
      timer = setTimeout(() => onTimer(started + timeoutMs), timeoutMs);
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle();
      };
      Promise.resolve()
        .then(work)
        .then(
          (value) => finish(() => resolve(value)),
          (error: unknown) =>
            finish(() =>
              reject(
                error instanceof StoreUnavailableError
                  ? error
                  : new StoreUnavailableError(operation, `The token store failed ${operation}: ${describeStoreFailure(error)}`),
              ),
            ),
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
