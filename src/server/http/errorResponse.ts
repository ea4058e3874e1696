// The handler's answer for an error: a machine code and what the merchant developer should do.
// Nothing secret: WeChat's errmsg stays in the log (it may echo what it was sent), and an
// unexpected error's message is not repeated to the client.
import { HttpError } from '../errors/HttpError';
import { StoreTimeoutError } from '../errors/StoreTimeoutError';
import { StoreUnavailableError } from '../errors/StoreUnavailableError';
import { UpstreamHttpError } from '../errors/UpstreamHttpError';
import { UpstreamTimeoutError } from '../errors/UpstreamTimeoutError';
import { hintFor, WeChatApiError } from '../errors/WeChatApiError';
import { errcodeEntry } from '../wechat/errcodes';
import type { Logger } from '../logger';
import type { CouponEndpointErrorCode, CouponErrorResponse } from '../../contract';
import { jsonResponse } from './json';

/** An error answer in the wire contract's shape. */
const answer = (status: number, body: CouponErrorResponse, headers?: Record<string, string>) => jsonResponse(status, body, headers);

// The errcodes that speak of the code a client sent, not of our setup (their kind in the
// errcode table). Only when a card/code call answered them: the same errcode on a token or
// ticket fetch is a server problem (502), and blaming the client's code for it would send the
// merchant looking in the wrong place.
function wechatErrorResponse(error: WeChatApiError): Response {
  const { kind } = errcodeEntry(error.errcode);
  if (kind === 'unknown_code' && error.path.startsWith('card/code/')) {
    return answer(400, { error: 'invalid_code', errcode: error.errcode, message: 'WeChat does not know this code or encrypt_code.' });
  }
  if (kind === 'unknown_card' && error.path.startsWith('card/code/')) {
    return answer(400, { error: 'invalid_card_id', errcode: error.errcode, message: 'WeChat does not know this card_id; send the card_id the code belongs to, or none.' });
  }
  if (kind === 'already_consumed' && error.path === 'card/code/consume') {
    return answer(409, { error: 'already_consumed', errcode: error.errcode, message: 'This code has already been consumed.' });
  }
  return answer(502, {
    error: 'upstream_error',
    errcode: error.errcode,
    message: `WeChat answered ${error.path} with errcode ${error.errcode}${hintFor(error.errcode)}; see the server log.`,
  });
}

export function errorResponse(error: unknown, logger: Logger): Response {
  if (error instanceof HttpError) {
    // Thrown on the coupon handler's path (handler.ts's refuse(), http/json.ts, http/body.ts,
    // node.ts), each with a code of the contract; HttpError itself also serves the event receiver.
    return answer(error.status, { error: error.code as CouponEndpointErrorCode, message: error.message }, error.headers);
  }
  if (error instanceof WeChatApiError) return wechatErrorResponse(error);
  if (error instanceof UpstreamTimeoutError) {
    return answer(504, { error: 'upstream_timeout', message: 'WeChat did not answer in time; try again.' });
  }
  if (error instanceof StoreUnavailableError) {
    const timedOut = error instanceof StoreTimeoutError;
    if (timedOut) logger.warn?.('wx-coupon: the token store did not answer in time', { operation: error.operation, timeoutMs: error.timeoutMs });
    else logger.warn?.('wx-coupon: the token store failed', { operation: error.operation, error: error.message });
    const message = timedOut
      ? 'The token cache (e.g. Redis) did not answer in time; try again shortly.'
      : 'The token cache (e.g. Redis) is unavailable; try again shortly.';
    return answer(503, { error: 'store_unavailable', message }, { 'retry-after': '5' });
  }
  if (error instanceof UpstreamHttpError) {
    return answer(502, { error: 'upstream_error', message: 'WeChat could not be reached or gave an unexpected answer; see the server log.' });
  }
  logger.error?.('wx-coupon: the coupon handler failed', { error: error instanceof Error ? error.message : String(error) });
  return answer(500, { error: 'internal_error', message: 'The coupon handler failed; see the server log.' });
}
