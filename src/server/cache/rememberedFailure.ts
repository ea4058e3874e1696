// A fetch that failed on a cold cache is remembered for a while, in this process and in the
// store for the others: a quota (45009), IP-whitelist (40164), wrong secret or appId
// (40125, 40013) or timeout will fail the same way on the next request, and asking WeChat
// again per request burns quota and makes every request wait for the timeout. But one slow
// answer must not cost half a minute of 504s, so the time steps up with each failure in a row
// — 1 s, 2 s, 4 s … 30 s — and a success starts it over.
import { RefreshWaitTimeoutError } from '../errors/RefreshWaitTimeoutError';
import { UpstreamTimeoutError } from '../errors/UpstreamTimeoutError';
import { WeChatApiError } from '../errors/WeChatApiError';
import { errcodeEntry } from '../wechat/errcodes';

/** How long the first failure in a row is remembered; each further one doubles it. */
export const FIRST_REMEMBER_MS = 1000;
/** The longest a failure is remembered. */
export const MAX_REMEMBER_MS = 30_000;
/**
 * How long after a remembered failure ends its streak still counts: a fetch that fails again
 * within this is the next step up. Kept in the store with the record, so every process sharing
 * it climbs the same steps.
 */
export const STREAK_MEMORY_MS = 2 * MAX_REMEMBER_MS;

/** How long the `streak`-th failure in a row (1, 2, …) is remembered. */
export const rememberFor = (streak: number): number => Math.min(MAX_REMEMBER_MS, FIRST_REMEMBER_MS * 2 ** Math.max(0, Math.min(streak - 1, 30)));

/** What the store keeps: only what the error's constructor needs, on the cache's clock. */
interface FailureRecord {
  until: number;
  /** Failures in a row, this one included; 0 in the record a success leaves. */
  streak: number;
  path?: string;
  errcode?: number;
  errmsg?: string;
  timeoutMs?: number;
}

/** The record a success leaves: nothing remembered, the streak over. */
export const CLEARED_RECORD = JSON.stringify({ until: 0, streak: 0 } satisfies FailureRecord);

/** The record for `error`, or null when this kind of failure is not remembered. */
export function failureRecord(error: unknown, until: number, streak: number): FailureRecord | null {
  if (error instanceof WeChatApiError) {
    // Not those with their own rules (the errcode table): -1 (busy) is retried with backoff,
    // and a refused token is refreshed once.
    if (!errcodeEntry(error.errcode).remembered) return null;
    // errmsg has had the secret redacted already (wechat/transport).
    return { until, streak, path: error.path, errcode: error.errcode, errmsg: error.errmsg };
  }
  // Waiting for another process is not a WeChat timeout: that process may deliver a moment later.
  if (error instanceof RefreshWaitTimeoutError) return null;
  if (error instanceof UpstreamTimeoutError) return { until, streak, path: error.path, timeoutMs: error.timeoutMs };
  return null;
}

export interface RecalledFailure {
  /** The failure to rethrow, while it is remembered; null once its time is over. */
  live: { error: Error; until: number } | null;
  /** Failures in a row so far (0 after a success). */
  streak: number;
}

/** What a stored record says; null for a missing or unreadable one. */
export function recalledFailure(raw: string | null, now: number): RecalledFailure | null {
  if (raw === null) return null;
  let record: Partial<FailureRecord>;
  try {
    record = JSON.parse(raw) as Partial<FailureRecord>;
  } catch {
    return null;
  }
  if (typeof record.until !== 'number') return null;
  const streak = typeof record.streak === 'number' && Number.isInteger(record.streak) && record.streak >= 0 ? record.streak : 1;
  const recalled = (error: Error): RecalledFailure => ({ live: now < record.until! ? { error, until: record.until! } : null, streak });
  if (typeof record.path !== 'string') return { live: null, streak };
  if (typeof record.errcode === 'number') return recalled(new WeChatApiError(record.errcode, String(record.errmsg ?? ''), record.path));
  if (typeof record.timeoutMs === 'number') return recalled(new UpstreamTimeoutError(record.path, record.timeoutMs));
  return { live: null, streak };
}
