// The wire contract's error codes (src/contract.ts) as a list tests can check answers against.
import type { CouponEndpointErrorCode } from '../../src/contract';

/** Every code of the wire contract's union, once: a code added to or dropped from it is a type error here. */
export const CONTRACT_CODES = Object.keys({
  bad_request: true,
  invalid_json: true,
  invalid_url: true,
  invalid_card_id: true,
  invalid_encrypt_code: true,
  invalid_code: true,
  url_not_allowed: true,
  card_not_allowed: true,
  forbidden: true,
  not_found: true,
  method_not_allowed: true,
  already_consumed: true,
  payload_too_large: true,
  unsupported_media_type: true,
  body_already_read: true,
  internal_error: true,
  upstream_error: true,
  store_unavailable: true,
  upstream_timeout: true,
} satisfies Record<CouponEndpointErrorCode, true>).sort();
