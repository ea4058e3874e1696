import type { SignatureQuery } from '../../contract';
import type { NormalizedOptions } from '../options';
import type { JsonRequest } from '../../utils/requestJson';

const CACHE_PREFIX = 'wx-coupon:signature:';
/** A cached signature must outlive the verification it is about to be used for. */
export const REUSE_MARGIN_MS = 60_000;

/** sessionStorage, or nothing where it is blocked (sandboxed frames, some private modes). */
export function signatureStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

/** Where a signature WeChat accepted for `url` is kept for the next page load. */
export function signatureCacheKey(appId: string, url: string): string {
  return `${CACHE_PREFIX}${appId}:${url}`;
}

/** Whether a signature for `url` is stored and still fresh enough to reuse (signature.ts checks the rest). */
export function hasReusableSignature(appId: string, url: string): boolean {
  try {
    const stored: unknown = JSON.parse(signatureStorage()?.getItem(signatureCacheKey(appId, url)) ?? 'null');
    const expiresAt = (stored as { expiresAt?: unknown } | null)?.expiresAt;
    return typeof expiresAt === 'number' && expiresAt - REUSE_MARGIN_MS > Date.now();
  } catch {
    return false;
  }
}

/** `GET signatureUrl?url=…` under the wire contract; undefined where a getSignature hook signs instead. */
export function signatureRequest(options: NormalizedOptions, url: string): JsonRequest | undefined {
  if (options.getSignature || !options.signatureUrl) return undefined;
  const endpoint = options.signatureUrl;
  return {
    // The query's one field, named by the contract (a type-only check: no code for it ships).
    url: `${endpoint}${endpoint.includes('?') ? '&' : '?'}${'url' satisfies keyof SignatureQuery}=${encodeURIComponent(url)}`,
    method: 'GET',
    timeoutMs: options.timeoutMs,
    failure: 'SIGNATURE_FAILED',
    what: 'signature endpoint',
  };
}
