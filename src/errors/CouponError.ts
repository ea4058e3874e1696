import type { CouponEndpointErrorCode } from '../contract';

/** What went wrong, as a stable machine-readable code. */
export type CouponErrorCode =
  | 'NOT_WECHAT'
  | 'UNSUPPORTED_CLIENT'
  | 'VERSION_TOO_LOW'
  | 'SIGNATURE_FAILED'
  | 'CONFIG_FAILED'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PERMISSION_DENIED'
  | 'CARD_EXT_FAILED'
  | 'INVALID_ARGUMENT'
  | 'INVALID_RESPONSE'
  | 'WECHAT_FAIL'
  /** The redirect page's decrypt endpoint failed (decryptCouponCode). */
  | 'DECRYPT_FAILED';

/** wx-coupon/server's error codes (the wire contract's), or another server's own string. */
export type ServerCode = CouponEndpointErrorCode | (string & {});

export interface CouponErrorDetails {
  cause?: unknown;
  /** The raw `errMsg` WeChat answered with, when there is one. */
  errMsg?: string;
  /** The request that failed (an endpoint URL, or a bridge call such as `batchAddCard`). */
  request?: string;
  /** The HTTP status your endpoint answered with, when it answered with an error status. */
  status?: number;
  /**
   * Your endpoint's own error code: the `error` of its `{ error, message }` answer, e.g.
   * wx-coupon/server's `'upstream_error'` (your server's call to WeChat failed),
   * `'url_not_allowed'` or `'store_unavailable'` (docs/server.md lists them all). Another
   * server of yours may answer codes of its own: those come through as they are.
   */
  serverCode?: ServerCode;
}

// The script tag's engine file uses the page's own class (src/engine/fromPage.ts); a shared
// brand keeps `instanceof CouponError` true across two copies of the library (an app's bundle
// and a script tag on the same page).
const BRAND = Symbol.for('wx-coupon.CouponError');

/**
 * Every failure of wx-coupon rejects with this. Switch on `code`; `message` tells the
 * merchant developer what to do next; `cause` and `errMsg` carry what lay underneath, and
 * `status` / `serverCode` what your endpoint answered. Show the shopper `userMessage(error)`.
 * `instanceof CouponError` (or `isCouponError`) holds across the script tag's files too.
 */
export class CouponError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: true })[BRAND] === true;
  }

  override readonly name = 'CouponError';
  readonly [BRAND] = true;
  readonly code: CouponErrorCode;
  readonly errMsg?: string;
  readonly request?: string;
  readonly status?: number;
  readonly serverCode?: ServerCode;

  constructor(code: CouponErrorCode, message: string, details: CouponErrorDetails = {}) {
    // Messages end with text from elsewhere (a server's message, an errMsg) and then our own
    // period: one period, not "encrypt_code..".
    super(message.replace(/([.!?。])\.(?=\s|$)/g, '$1'), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    for (const key of ['errMsg', 'request', 'status', 'serverCode'] as const) {
      if (details[key] !== undefined) (this as unknown as Record<string, unknown>)[key] = details[key];
    }
  }
}

export function isCouponError(value: unknown): value is CouponError {
  return value instanceof CouponError;
}
