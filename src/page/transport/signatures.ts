import { CouponError } from '../../errors/CouponError';
import type { ConfigSignature, NormalizedOptions } from '../options';
import { isRecord } from '../../utils/isRecord';
import { callHook } from './callHook';
import { REUSE_MARGIN_MS, signatureCacheKey as cacheKey, signatureStorage as storage } from './signatureRequest';
import type { VerifierContext } from '../../engine/verifier';

export interface SignatureResult extends ConfigSignature {
  /**
   * True when it came from sessionStorage or the page's HTML (embedded by the server, marked
   * `embedded: true`) rather than from the server just now: one WeChat rejects is fetched
   * afresh for the same URL.
   */
  fromCache: boolean;
}

function cached(appId: string, url: string): ConfigSignature | undefined {
  try {
    const raw = storage()?.getItem(cacheKey(appId, url));
    if (!raw) return undefined;
    const signature = validate(JSON.parse(raw), appId, 'sessionStorage');
    if (signature.expiresAt !== undefined && signature.expiresAt - REUSE_MARGIN_MS > Date.now()) return signature;
  } catch {
    // unreadable: dropped below
  }
  forgetSignature(appId, url);
  return undefined;
}

/** Keeps a signature WeChat accepted for reuse until the server's `expiresAt`. */
export function rememberSignature(appId: string, url: string, signature: SignatureResult): void {
  if (signature.expiresAt === undefined || signature.fromCache) return; // no expiry given: never reuse
  const stored: ConfigSignature = Object.assign({}, signature);
  delete (stored as Partial<SignatureResult>).fromCache;
  try {
    storage()?.setItem(cacheKey(appId, url), JSON.stringify(stored));
  } catch {
    // full or blocked storage: the next call just asks the server again
  }
}

export function forgetSignature(appId: string, url: string): void {
  try {
    storage()?.removeItem(cacheKey(appId, url));
  } catch {
    // nothing to forget
  }
}

/** `endpoint`: it came over HTTP, where the wire contract (spec §7) says what to answer. */
function validate(value: unknown, appId: string, source: string, endpoint = false): ConfigSignature {
  const problem = (what: string) =>
    new CouponError('SIGNATURE_FAILED', `The signature from ${source} ${what}. It must be { appId?, timestamp, nonceStr, signature, expiresAt? }${endpoint ? ' (wire contract)' : ''}.`, {
      cause: value,
      request: source,
    });
  if (!isRecord(value)) throw problem('is not an object');
  const { timestamp, nonceStr, signature, expiresAt } = value;
  if (!(typeof timestamp === 'number' || (typeof timestamp === 'string' && /^\d+$/.test(timestamp)))) throw problem('lacks a numeric timestamp');
  if (typeof nonceStr !== 'string' || nonceStr === '') throw problem('lacks nonceStr');
  if (typeof signature !== 'string' || !/^[0-9a-f]{40}$/i.test(signature)) throw problem('lacks a 40-hex-digit SHA-1 signature');
  if (value.appId !== undefined && value.appId !== appId) {
    throw problem(`was made for appId ${String(value.appId)}, but the page is configured with ${appId}`);
  }
  const checked: ConfigSignature = { appId, timestamp, nonceStr, signature: signature.toLowerCase() };
  if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) checked.expiresAt = expiresAt;
  return checked;
}

/**
 * The `wx.config` signature for `url`: from sessionStorage while the server said it is
 * valid (`expiresAt`), else from `getSignature(url)` or `GET signatureUrl?url=…` (through
 * `request`, which may hand over one started early). config.ts stores it once WeChat has
 * accepted it.
 */
export async function getSignature(
  options: NormalizedOptions,
  url: string,
  transport: Pick<VerifierContext, 'request' | 'signatureRequest'>,
  fresh = false,
): Promise<SignatureResult> {
  if (!fresh) {
    const hit = cached(options.appId, url);
    if (hit) return Object.assign(hit, { fromCache: true });
  }
  const endpoint = transport.signatureRequest(url);
  let raw: unknown;
  let source: string;
  if (endpoint) {
    source = endpoint.url;
    raw = await transport.request(endpoint);
  } else {
    source = 'getSignature()';
    const hook = options.getSignature as NonNullable<NormalizedOptions['getSignature']>;
    raw = await callHook(source, () => hook(url), options.timeoutMs, 'SIGNATURE_FAILED', `for ${url}`);
  }
  return Object.assign(onDeviceClock(validate(raw, options.appId, source, endpoint !== undefined)), { fromCache: isRecord(raw) && raw.embedded === true });
}

/**
 * The server's `expiresAt` on this device's clock, which the cache compares it with: a device
 * running behind would otherwise reuse a signature after its ticket expired. The offset comes
 * from the signature's own timestamp (the server's clock when it signed, just now); only an
 * earlier expiry is taken, so a signature signed long ago cannot stretch it.
 */
function onDeviceClock(signature: ConfigSignature): ConfigSignature {
  if (signature.expiresAt === undefined) return signature;
  const offset = Date.now() - Number(signature.timestamp) * 1000;
  return Object.assign({}, signature, { expiresAt: Math.min(signature.expiresAt, signature.expiresAt + offset) });
}
