/**
 * What went wrong on the server side, as a stable machine-readable code: switch on it rather
 * than on the class or the message.
 */
export type ServerErrorCode =
  /** WeChat answered with a non-zero errcode (WeChatApiError). */
  | 'wechat_api_error'
  /** card/create refused a new 优惠券: WeChat no longer accepts them (NewCouponsRefusedError). */
  | 'new_coupons_refused'
  /** WeChat could not be reached or answered something that is not its JSON (UpstreamHttpError). */
  | 'upstream_http_error'
  /** WeChat, or the process refreshing for us, did not answer in time (UpstreamTimeoutError). */
  | 'upstream_timeout'
  /** The token store failed or did not answer (StoreUnavailableError, StoreTimeoutError). */
  | 'store_unavailable'
  /** A card definition broke WeChat's rules; nothing was sent (CardValidationError). */
  | 'card_validation_failed'
  /** An image for media/uploadimg is not a JPG/PNG under 1 MB; nothing was sent (ImageRejectedError). */
  | 'image_rejected'
  /** A pushed `Encrypt` element is malformed or made with another EncodingAESKey (MsgCryptError). */
  | 'invalid_ciphertext'
  /** A pushed `Encrypt` element decrypts to a message for another AppID (MsgCryptError). */
  | 'wrong_app_id';

/**
 * The base of every error wx-coupon/server throws on purpose. `code` is typed; `cause` carries
 * what lay underneath when it is safe to keep (never a fetch or store client error, which may
 * quote a URL with the secret in it).
 */
export abstract class ServerError<Code extends string = ServerErrorCode> extends Error {
  abstract readonly code: Code;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
