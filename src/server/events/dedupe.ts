// Exactly once across the processes sharing a store: each pushed event goes to onEvent once,
// and an event whose onEvent failed goes again when WeChat retries it.
//
// Two keys per event, both in the TokenStore (memory, or Redis for several processes):
// - the claim, taken with tryLock (Redis: SET NX PX) before onEvent runs and released after it
//   settled: a retry that reaches another process while onEvent runs finds it taken and waits;
// - the seen mark, set (with seenTtlMs) only after onEvent succeeded: a retry or replay that
//   finds it is answered "success" without running onEvent again.
//
// The cases:
// - onEvent succeeds: seen is set, then the claim released. A process that took the claim just
//   after (it read "not seen" before the mark) reads seen again once it holds the claim.
// - onEvent fails: the claim is released and nothing is marked, so WeChat's retry runs it again.
// - onEvent is slow: a retry in another process waits on the claim, polling, and answers once
//   the holder marked seen (or takes over if the holder failed).
// - the holder dies (a crash, a deploy): its claim expires after claimTtlMs and a waiting or
//   later retry takes it. A short claimTtlMs lets WeChat's last retries (≈5, 10, 15 s after the
//   first push) still find the event free; the price is that an onEvent running longer than
//   claimTtlMs may be run a second time by such a retry (logged as a warning).
// - the store fails: the call throws (StoreUnavailableError); the receiver does not run
//   onEvent without the store, and answers so that WeChat retries.
// - seen cannot be written after a successful onEvent: the event was handled; it is reported as
//   handled (a retry may then run it again: at least once, never lost).
import type { TokenStore } from '../cache/TokenStore';
import { sleep } from '../sleep';

export interface DedupeOptions {
  store: TokenStore;
  /** How long a claim holds without being released (see above). */
  claimTtlMs: number;
  /** How long an event is remembered as handled; longer than WeChat's retries and the replay window. */
  seenTtlMs: number;
  /** How often a waiting request looks again; default 100 ms. */
  pollMs?: number;
  /** Told when onEvent outlived its claim, or seen could not be written. */
  onWarning?: (message: string) => void;
}

export type DedupeOutcome =
  /** onEvent ran and succeeded. */
  | { status: 'handled' }
  /** Handled before (here or in another process). */
  | { status: 'duplicate' }
  /** onEvent threw or rejected: not marked seen. */
  | { status: 'failed'; error: unknown }
  /** Another process held the claim for as long as we waited, or onEvent outlived its claim. */
  | { status: 'pending' };

export interface EventDeduper {
  /** Runs `work` for `id` unless it was handled already or is being handled elsewhere; waits at most claimTtlMs. */
  once(id: string, work: () => Promise<void>): Promise<DedupeOutcome>;
}

/** `work`, or 'expired' after `ms`; the timer is cleared either way, so nothing is kept running. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | 'expired'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createEventDeduper(options: DedupeOptions): EventDeduper {
  const { store, claimTtlMs, seenTtlMs } = options;
  const pollMs = options.pollMs ?? 100;
  const warn = options.onWarning ?? (() => {});
  const seenKey = (id: string) => `card-event:seen:${id}`;
  const claimKey = (id: string) => `card-event:claim:${id}`;

  async function markSeen(id: string): Promise<void> {
    try {
      await store.set(seenKey(id), '1', seenTtlMs);
    } catch {
      warn('onEvent succeeded but the event could not be marked as handled (store failure); a retry may hand it to onEvent again');
    }
  }

  async function runClaimed(id: string, release: () => Promise<void>, work: () => Promise<void>): Promise<DedupeOutcome> {
    let released = false;
    const releaseOnce = () => {
      if (released) return;
      released = true;
      void release().catch(() => {}); // left to expire if the store cannot be reached
    };
    try {
      if ((await store.get(seenKey(id))) !== null) {
        releaseOnce();
        return { status: 'duplicate' };
      }
    } catch (error) {
      releaseOnce();
      throw error;
    }
    const settled = Promise.resolve()
      .then(work)
      .then(
        async (): Promise<DedupeOutcome> => {
          await markSeen(id);
          return { status: 'handled' };
        },
        (error: unknown): DedupeOutcome => ({ status: 'failed', error }),
      )
      .finally(releaseOnce);
    const first = await within(settled, claimTtlMs);
    if (first !== 'expired') return first;
    // Still running when its claim expired: another process may take the event now. When it
    // does finish, settled still marks it seen (success) or leaves it for a retry (failure).
    warn(`onEvent has been running for longer than claimTtlMs (${claimTtlMs} ms); a retry may run the same event again`);
    return { status: 'pending' };
  }

  return {
    async once(id, work) {
      const giveUpAt = Date.now() + claimTtlMs;
      for (;;) {
        if ((await store.get(seenKey(id))) !== null) return { status: 'duplicate' };
        const release = await store.tryLock(claimKey(id), claimTtlMs);
        if (release) return runClaimed(id, release, work);
        if (Date.now() >= giveUpAt) return { status: 'pending' };
        await sleep(pollMs);
      }
    },
  };
}
