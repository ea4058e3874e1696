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

export interface CouponErrorDetails {
  cause?: unknown;
  /** The raw `errMsg` WeChat answered with, when there is one. */
  errMsg?: string;
  /** The request that failed (an endpoint URL, or a bridge call such as `batchAddCard`). */
  request?: string;
}

/**
 * Every failure of wx-coupon rejects with this. Switch on `code`; `message` tells the
 * merchant developer what to do next; `cause` and `errMsg` carry what lay underneath.
 */
// The script tag's engine file carries its own copy of this class; a shared brand keeps
// `instanceof CouponError` true across copies (and across two copies of the library).
const BRAND = Symbol.for('wx-coupon.CouponError');

export class CouponError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: true })[BRAND] === true;
  }

  override readonly name = 'CouponError';
  readonly [BRAND] = true;
  readonly code: CouponErrorCode;
  readonly errMsg?: string;
  readonly request?: string;

  constructor(code: CouponErrorCode, message: string, details: CouponErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.errMsg !== undefined) this.errMsg = details.errMsg;
    if (details.request !== undefined) this.request = details.request;
  }
}

export function isCouponError(value: unknown): value is CouponError {
  return value instanceof CouponError;
}
