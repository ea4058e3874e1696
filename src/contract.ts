// The wire contract between the browser part and the server part (spec §7, docs/server.md
// "Routes"): what each route of createCouponHandler takes and answers, and the `error` codes of
// its error answers. The handler's answers are typed by it and the browser clients name its
// fields through it, so a change on one side is a type error on the other.
// Types only, but for EMBEDDED_CONFIG_ID: nothing else here exists at run time, so it costs the
// browser bundle nothing.

/** `GET …/signature?url=…`: the page URL without `#…`, encodeURIComponent'd. */
export interface SignatureQuery {
  url: string;
}

/** The `wx.config` signature for one page URL. */
export interface SignatureResponse {
  appId: string;
  /** Unix seconds, on the server's clock. */
  timestamp: number;
  nonceStr: string;
  /** SHA-1, 40 hex digits. */
  signature: string;
  /** Epoch ms on the server's clock after which the signature must not be reused. */
  expiresAt: number;
}

/** `POST …/card-ext`. */
export interface CardExtRequest {
  cardId: string;
  /** Channel tag WeChat hands back on the redirect page as outer_str. */
  outerStr?: string;
}

/** A card_ext for one add: a JSON string `{"timestamp","nonce_str","signature",…}`, fresh each call. */
export interface CardExtResponse {
  cardExt: string;
}

/** `POST …/card-sign`: the chooseCard filter to sign. */
export interface CardSignRequest {
  shopId?: string | number;
  cardType?: string;
  cardId?: string;
}

export interface CardSignResponse {
  /** Unix seconds, on the server's clock. */
  timestamp: number;
  nonceStr: string;
  cardSign: string;
  signType: 'SHA1';
}

/** `POST …/decrypt`: the encrypt_code of a redirect URL or of chooseCard. */
export interface DecryptRequest {
  encryptCode: string;
}

export interface DecryptResponse {
  code: string;
}

/** `POST …/consume`: an encrypt_code, or the code itself. */
export interface ConsumeRequest {
  encryptCode?: string;
  code?: string;
  cardId?: string;
}

export interface ConsumeResponse {
  code: string;
  consumed: true;
}

/** Every route under the handler's basePath: its method, what it takes and what it answers with 200. */
export interface CouponRoutes {
  signature: { method: 'GET'; request: SignatureQuery; response: SignatureResponse };
  'card-ext': { method: 'POST'; request: CardExtRequest; response: CardExtResponse };
  'card-sign': { method: 'POST'; request: CardSignRequest; response: CardSignResponse };
  decrypt: { method: 'POST'; request: DecryptRequest; response: DecryptResponse };
  consume: { method: 'POST'; request: ConsumeRequest; response: ConsumeResponse };
}

export type CouponRoute = keyof CouponRoutes;
export type CouponRouteResponse = CouponRoutes[CouponRoute]['response'];

/** The `error` of createCouponHandler's error answers (docs/server.md lists when each is sent). */
export type CouponEndpointErrorCode =
  // 400: missing or malformed input
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_url'
  | 'invalid_card_id'
  | 'invalid_encrypt_code'
  | 'invalid_code'
  // 403
  | 'url_not_allowed'
  | 'card_not_allowed'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  /** 409: card/code/consume, the code was consumed before. */
  | 'already_consumed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  /** 500, toNodeListener only: a middleware before it read the body and left no req.body. */
  | 'body_already_read'
  | 'internal_error'
  /** 502: the server's call to WeChat failed. */
  | 'upstream_error'
  /** 503: the token store (Redis) failed or did not answer; comes with Retry-After. */
  | 'store_unavailable'
  /** 504: WeChat did not answer in time. */
  | 'upstream_timeout';

/** What every non-2xx answer of the handler carries. */
export interface CouponErrorResponse {
  error: CouponEndpointErrorCode;
  /** For the merchant developer: what to do next. Never a secret, never WeChat's errmsg. */
  message: string;
  /** WeChat's errcode, when WeChat answered one. */
  errcode?: number;
}

/**
 * An answer as a client receives it before checking it: the contract's field names, each
 * still `unknown` (a merchant's own server, a proxy or a bug may send anything).
 */
export type Unchecked<T> = { [K in keyof T]?: unknown };

/**
 * The id of the `<script type="application/json">` element that carries an EmbeddedCouponConfig
 * (the one value in this file: both sides must spell it alike).
 */
export const EMBEDDED_CONFIG_ID = 'wx-coupon-config';

export interface EmbeddedCardExt extends CardExtRequest {
  /** One card_ext, as the card-ext route answers it; it serves one add. */
  cardExt: string;
}

/**
 * What the merchant's server can embed in the page (wx-coupon/server's embedCouponConfig):
 * the answers the page would otherwise fetch first, so that even a tap at load waits for no
 * round trip.
 */
export interface EmbeddedCouponConfig {
  /** The wx.config signature for `url` (the page URL without `#…`), as the signature route answers it. */
  signature?: SignatureResponse & { url: string };
  /** card_ext for the page's add buttons, as the card-ext route answers them. */
  cardExt?: EmbeddedCardExt[];
}
