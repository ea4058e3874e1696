// A fetch that failed on a cold cache is remembered for a while, in this process and in the
// store for the others: a quota (45009), IP-whitelist (40164), wrong secret or appId
// (40125, 40013) or timeout will fail the same way on the next request, and asking WeChat
// again per request burns quota and makes every request wait for the timeout.
import { RefreshWaitTimeoutError } from '../errors/RefreshWaitTimeoutError';
import { UpstreamTimeoutError } from '../errors/UpstreamTimeoutError';
import { WeChatApiError } from '../errors/WeChatApiError';
import { errcodeEntry } from '../wechat/errcodes';

export const REMEMBER_FAILURE_MS = 30_000;

/** What the store keeps: only what the error's constructor needs, on the cache's clock. */
interface FailureRecord {
  until: number;
  path: string;
  errcode?: number;
  errmsg?: string;
  timeoutMs?: number;
}

/** The record for `error`, or null when this kind of failure is not remembered. */
export function failureRecord(error: unknown, until: number): FailureRecord | null {
  if (error instanceof WeChatApiError) {
    // Not those with their own rules (the errcode table): -1 (busy) is retried with backoff,
    // and a refused token is refreshed once.
    if (!errcodeEntry(error.errcode).remembered) return null;
    // errmsg has had the secret redacted already (wechat/transport).
    return { until, path: error.path, errcode: error.errcode, errmsg: error.errmsg };
  }
  // Waiting for another process is not a WeChat timeout: that process may deliver a moment later.
  if (error instanceof RefreshWaitTimeoutError) return null;
  if (error instanceof UpstreamTimeoutError) return { until, path: error.path, timeoutMs: error.timeoutMs };
  return null;
}

/** The error a live record stands for; null for a missing, expired or unreadable one. */
export function recalledFailure(raw: string | null, now: number): { error: Error; until: number } | null {
  if (raw === null) return null;
  let record: Partial<FailureRecord>;
  try {
    record = JSON.parse(raw) as Partial<FailureRecord>;
  } catch {
    return null;
  }
  if (typeof record.until !== 'number' || !(now < record.until) || typeof record.path !== 'string') return null;
  if (typeof record.errcode === 'number') return { error: new WeChatApiError(record.errcode, String(record.errmsg ?? ''), record.path), until: record.until };
  if (typeof record.timeoutMs === 'number') return { error: new UpstreamTimeoutError(record.path, record.timeoutMs), until: record.until };
  return null;
}
