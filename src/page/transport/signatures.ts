import type { SignatureQuery, SignatureResponse, Unchecked } from '../../contract';
import type { SignatureResult } from '../../engine/input';
import { CouponError } from '../../errors/CouponError';
import { isRecord } from '../../utils/isRecord';
import type { ConfigSignature, NormalizedOptions } from '../options';
import { createAnswerSource } from './answerSource';
import { EMBEDDED } from './embedded';
import { reach, type Reached } from './reach';

const CACHE_PREFIX = 'wx-coupon:signature:';
/** A kept signature must outlive the verification it is about to be used for. */
export const REUSE_MARGIN_MS = 60_000;
/** How long a signature fetched or embedded ahead waits for the engine (its own expiresAt still rules). */
const AHEAD_TTL_MS = 10 * 60_000;

/**
 * Uses sessionStorage where there is one; where it is blocked (sandboxed frames, some private
 * modes), full or unreadable, answers undefined: the page then just asks the server.
 */
function withStorage<T>(use: (storage: Storage) => T): T | undefined {
  try {
    return use(sessionStorage);
  } catch {
    return undefined;
  }
}

/** Whether `signature` may still be used: no expiry given (fetched for this call), or not within the margin of it. */
export function stillValid(signature: Pick<ConfigSignature, 'expiresAt'>): boolean {
  return signature.expiresAt === undefined || signature.expiresAt - REUSE_MARGIN_MS > Date.now();
}

/** Checks a signature against the wire contract; `source` names where it came from. */
export function checkedSignature({ raw, source, wire }: Reached, appId: string): ConfigSignature {
  const problem = (what: string) =>
    new CouponError('SIGNATURE_FAILED', `The signature from ${source} ${what}. It must be { appId?, timestamp, nonceStr, signature, expiresAt? }${wire ? ' (wire contract)' : ''}.`, {
      cause: raw,
      request: source,
    });
  if (!isRecord(raw)) throw problem('is not an object');
  // The contract's field names, each still to be checked (appId may be left out by a hook).
  const answer: Unchecked<SignatureResponse> = raw;
  const { timestamp, nonceStr, signature, expiresAt } = answer;
  if (!(typeof timestamp === 'number' || (typeof timestamp === 'string' && /^\d+$/.test(timestamp)))) throw problem('lacks a numeric timestamp');
  if (typeof nonceStr !== 'string' || nonceStr === '') throw problem('lacks nonceStr');
  if (typeof signature !== 'string' || !/^[0-9a-f]{40}$/i.test(signature)) throw problem('lacks a 40-hex-digit SHA-1 signature');
  if (answer.appId !== undefined && answer.appId !== appId) {
    throw problem(`was made for appId ${String(answer.appId)}, but the page is configured with ${appId}`);
  }
  const checked: ConfigSignature = { appId, timestamp, nonceStr, signature: signature.toLowerCase() };
  if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) checked.expiresAt = expiresAt;
  return checked;
}

/**
 * The server's `expiresAt` on this device's clock, which the reuse check compares it with: a
 * device running behind would otherwise reuse a signature after its ticket expired. The
 * offset comes from the signature's own timestamp (the server's clock when it signed, just
 * now); only an earlier expiry is taken, so a signature signed long ago cannot stretch it.
 */
function onDeviceClock(signature: ConfigSignature): ConfigSignature {
  if (signature.expiresAt === undefined) return signature;
  const offset = Date.now() - Number(signature.timestamp) * 1000;
  return Object.assign({}, signature, { expiresAt: Math.min(signature.expiresAt, signature.expiresAt + offset) });
}

export interface SignatureSource {
  /**
   * The `wx.config` signature for `url`: the one kept from an earlier page load while the
   * server said it is valid (`expiresAt`), else one fetched or embedded ahead, else fetched
   * now. `fresh`: from the server, whatever is kept.
   */
  get(url: string, fresh?: boolean): Promise<SignatureResult>;
  /** Starts fetching the signature for `url` now, for a verification on its way; nothing if one is kept. */
  ahead(url: string): void;
  /** What the server embedded in the page for `url` (checked when taken, like a network answer). */
  embed(url: string, raw: Record<string, unknown>): void;
  accepted(url: string, signature: SignatureResult): void;
  rejected(url: string): void;
  dropUnspeculative(): void;
}

export function createSignatureSource(options: NormalizedOptions): SignatureSource {
  const { appId } = options;
  const keyOf = (url: string) => `${CACHE_PREFIX}${appId}:${url}`;
  const endpoint = options.signatureUrl;
  // normalizeOptions ensures one of the two is there.
  const fetchRaw = reach<string>({
    hook: options.getSignature,
    hookName: 'getSignature()',
    request: endpoint
      ? (url) => ({
          // The query's one field, named by the contract (a type-only check: no code for it ships).
          url: `${endpoint}${endpoint.includes('?') ? '&' : '?'}${'url' satisfies keyof SignatureQuery}=${encodeURIComponent(url)}`,
          method: 'GET',
        })
      : undefined,
    what: 'signature endpoint',
    timeoutMs: options.timeoutMs,
    failure: 'SIGNATURE_FAILED',
    context: (url) => `for ${url}`,
  }) as (url: string) => Promise<Reached>;

  /** `fromCache`: kept or embedded, not fetched just now. */
  const result = (reached: Reached, fromCache: boolean): SignatureResult => Object.assign(onDeviceClock(checkedSignature(reached, appId)), { fromCache });
  const fetchNow = async (url: string) => result(await fetchRaw(url), false);
  const fetched = createAnswerSource(fetchNow, (url: string) => url, AHEAD_TTL_MS);

  function kept(url: string): SignatureResult | undefined {
    const raw = withStorage((storage) => storage.getItem(keyOf(url)));
    if (!raw) return undefined;
    try {
      const signature = checkedSignature({ raw: JSON.parse(raw), source: 'sessionStorage', wire: false }, appId);
      if (signature.expiresAt !== undefined && stillValid(signature)) return Object.assign(signature, { fromCache: true });
    } catch {
      // unreadable: dropped below
    }
    rejected(url);
    return undefined;
  }

  const rejected = (url: string) => withStorage((storage) => storage.removeItem(keyOf(url)));

  return {
    get(url, fresh = false) {
      const hit = fresh ? undefined : kept(url);
      if (hit) return Promise.resolve(hit);
      if (fresh) return fetchNow(url);
      // One embedded may have waited past its expiry: then a new one. (One fetched for this
      // call is what the server signs now: asking again would bring the same.)
      return fetched.get(url).then((signature) => (signature.fromCache && !stillValid(signature) ? fetchNow(url) : signature));
    },
    ahead(url) {
      if (!kept(url)) fetched.ahead(url, false);
    },
    // Marked as from the cache, so that one WeChat rejects is fetched afresh for the same URL.
    embed: (url, raw) => fetched.put(url, Promise.resolve().then(() => result({ raw, source: EMBEDDED, wire: true }, true))),
    /** Keeps a signature WeChat accepted for the next page load, until the server's `expiresAt`. */
    accepted(url, signature) {
      if (signature.expiresAt === undefined || signature.fromCache) return; // no expiry given: never reused
      // What checkedSignature reads back: the signature without its fromCache mark (JSON leaves undefined out).
      withStorage((storage) => storage.setItem(keyOf(url), JSON.stringify(Object.assign({}, signature, { fromCache: undefined }))));
    },
    rejected,
    dropUnspeculative: fetched.dropUnspeculative,
  };
}
