import { CouponError } from '../errors/CouponError';
import { currentHref } from '../env/globals';
import { rejectMisspeltKey } from '../utils/misspeltKey';

/** What the merchant's server signs for `wx.config` (spec §7). */
export interface ConfigSignature {
  appId?: string;
  timestamp: number | string;
  nonceStr: string;
  signature: string;
  /** Epoch milliseconds after which this signature must not be reused. */
  expiresAt?: number;
}

/** What the merchant's server signs for `wx.chooseCard` (spec §7). */
export interface CardSign {
  timestamp: number | string;
  nonceStr: string;
  cardSign: string;
  signType?: string;
}

export interface CardRequest {
  cardId: string;
  outerStr?: string;
}

export interface ChooseCardFilter {
  shopId?: string | number;
  cardType?: string;
  cardId?: string;
}

export interface CouponOptions {
  /** Your official account's AppID (wx…). */
  appId: string;
  /** Endpoint answering `GET ?url=<page URL>` with a ConfigSignature. Relative URLs resolve against the page. */
  signatureUrl?: string;
  /** Bring your own transport instead of `signatureUrl` (like `getConfigSignature(url)` in @wecom/jssdk). */
  getSignature?: (url: string) => ConfigSignature | Promise<ConfigSignature>;
  /** Endpoint answering `POST { cardId, outerStr? }` with `{ cardExt }`. */
  cardExtUrl?: string;
  getCardExt?: (card: CardRequest) => string | object | Promise<string | object>;
  /** Endpoint answering `POST { shopId?, cardType?, cardId? }` with a CardSign. */
  cardSignUrl?: string;
  getCardSign?: (filter: ChooseCardFilter) => CardSign | Promise<CardSign>;
  /** How long the network, the SDK and WeChat's verification may take, each (ms). Default 8000. */
  timeoutMs?: number;
  /**
   * How long WeChat's own card sheet may stay open waiting for the user (ms). Default 300000:
   * long enough for a person; it is there so that a client that never answers cannot leave
   * the promise pending.
   */
  interactionTimeoutMs?: number;
  /** The SDK's debug mode alerts every result: only for debugging on a phone. Default false. */
  debug?: boolean;
  /**
   * Other JS-SDK APIs the page uses (e.g. 'updateAppMessageShareData'). A page has one
   * wx.config, and wx-coupon makes it: name them here so it covers them too.
   */
  jsApiList?: string[];
}

export interface NormalizedOptions extends Required<Pick<CouponOptions, 'appId' | 'timeoutMs' | 'interactionTimeoutMs' | 'debug' | 'jsApiList'>> {
  signatureUrl?: string;
  getSignature?: CouponOptions['getSignature'];
  cardExtUrl?: string;
  getCardExt?: CouponOptions['getCardExt'];
  cardSignUrl?: string;
  getCardSign?: CouponOptions['getCardSign'];
}

/** An official account's AppID: "wx" and 16 hex digits. */
const APP_ID = /^wx[\da-f]{16}$/;
const KEYS: Array<keyof CouponOptions> = ['appId', 'signatureUrl', 'getSignature', 'cardExtUrl', 'getCardExt', 'cardSignUrl', 'getCardSign', 'timeoutMs', 'interactionTimeoutMs', 'debug', 'jsApiList'];

function invalid(message: string): CouponError {
  return new CouponError('INVALID_ARGUMENT', `configure(): ${message}`);
}

function endpoint(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a URL string.`);
  const base = currentHref();
  let url: URL | undefined;
  try {
    // Resolved once, here, so that a later SPA route change does not move the endpoint.
    url = base === undefined ? undefined : new URL(value, base);
  } catch {
    // said below
  }
  if (base !== undefined && !(url && /^https?:$/.test(url.protocol))) {
    throw invalid(`${name} "${value}" is not an http(s) URL of your server’s endpoint, e.g. "/api/wx/signature".`);
  }
  return url ? url.href : value;
}

function hook<T>(name: string, value: T): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'function') throw invalid(`${name} must be a function.`);
  return value;
}

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw invalid(`${name} must be a positive number of milliseconds.`);
  return value;
}

function apiList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && /^\w+$/.test(name))) {
    throw invalid('jsApiList must be an array of JS-SDK API names, e.g. ["updateAppMessageShareData"].');
  }
  return value;
}

/** Options are checked and normalised once, here at the edge; everything after trusts them. */
export function normalizeOptions(options: CouponOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('pass an options object: configure({ appId, signatureUrl }).');
  rejectMisspeltKey(options, KEYS, 'configure()');
  if (typeof options.appId !== 'string' || !APP_ID.test(options.appId)) {
    const given = options.appId === undefined ? 'is required' : `${JSON.stringify(options.appId)} is not an AppID`;
    throw invalid(`appId ${given}: your official account’s AppID, "wx" and 16 hex digits, e.g. "wx1234567890abcdef".`);
  }
  const normalized: NormalizedOptions = {
    appId: options.appId,
    signatureUrl: endpoint('signatureUrl', options.signatureUrl),
    getSignature: hook('getSignature', options.getSignature),
    cardExtUrl: endpoint('cardExtUrl', options.cardExtUrl),
    getCardExt: hook('getCardExt', options.getCardExt),
    cardSignUrl: endpoint('cardSignUrl', options.cardSignUrl),
    getCardSign: hook('getCardSign', options.getCardSign),
    timeoutMs: duration('timeoutMs', options.timeoutMs, 8000),
    interactionTimeoutMs: duration('interactionTimeoutMs', options.interactionTimeoutMs, 300_000),
    debug: options.debug === true,
    jsApiList: apiList(options.jsApiList),
  };
  if (!normalized.signatureUrl && !normalized.getSignature) {
    throw invalid('give signatureUrl (your server’s signature endpoint) or getSignature(url).');
  }
  return normalized;
}
