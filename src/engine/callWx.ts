import { CouponError } from '../errors/CouponError';
import { onBridgeReply } from './bridge';
import { isReadableReply, resultOf } from './errMsg';
import type { WxCallbacks } from './sdkTypes';
import { withTimeout } from '../utils/timeout';

export interface WxCall {
  /** The SDK method, for messages: "addCard". */
  api: 'addCard' | 'chooseCard' | 'openCard';
  /** The bridge call the SDK makes for it: "batchAddCard". */
  bridgeName: string;
  /** How long WeChat's sheet may wait for the user. */
  timeoutMs: number;
}

function failure(call: WxCall, errMsg: string): CouponError {
  const result = resultOf(errMsg);
  const details = { errMsg, request: call.bridgeName };
  if (result === 'cancel') return new CouponError('CANCELLED', `The user closed WeChat’s ${call.api} sheet.`, details);
  if (result === 'permission denied') {
    return new CouponError('PERMISSION_DENIED', `WeChat denied ${call.api} (${errMsg}): the page’s wx.config did not cover it, or the official account lacks the card permission.`, details);
  }
  if (call.api === 'addCard' && result === 'invalid signature') {
    return new CouponError('CARD_EXT_FAILED', `WeChat rejected the card_ext signature (${errMsg}). Sign card_ext with the card api_ticket (getticket?type=wx_card), not the jsapi_ticket, with a fresh timestamp and nonce_str for every add.`, details);
  }
  return new CouponError('WECHAT_FAIL', `WeChat’s ${call.api} failed: ${errMsg}.`, details);
}

/**
 * One card API call through the real SDK, as a promise that always settles: success,
 * cancel and fail map to resolve or a CouponError; a reply that is not WeChat's shape, or
 * that the SDK throws on while parsing it, maps to INVALID_RESPONSE; a bridge that throws
 * when called to WECHAT_FAIL; a sheet that never answers to TIMEOUT.
 */
export function callWx<T>(call: WxCall, invoke: (callbacks: Required<Pick<WxCallbacks<T>, 'success' | 'fail' | 'cancel'>>) => void): Promise<T> {
  let stop = () => {};
  const settled = new Promise<T>((resolve, reject) => {
    // Seen before the SDK sees it: a garbled reply would otherwise reach our callbacks
    // as "ok" or a bare "fail", or never, depending on how the SDK trips over it.
    stop = onBridgeReply(call.bridgeName, (reply, _args, error) => {
      if (error !== undefined || !isReadableReply(reply)) {
        reject(new CouponError('INVALID_RESPONSE', `WeChat answered ${call.api} with a reply that cannot be read (${error === undefined ? 'not WeChat’s reply shape' : 'weixin-js-sdk threw on it'}).`, { cause: error ?? reply, request: call.bridgeName }));
      }
    });
    try {
      invoke({
        success: resolve,
        cancel: (res) => reject(failure(call, (res && res.errMsg) || `${call.api}:cancel`)),
        fail: (res) => reject(failure(call, (res && res.errMsg) || `${call.api}:fail`)),
      });
    } catch (cause) {
      // WeixinJSBridge.invoke threw (a broken client, or a page's stand-in bridge).
      reject(new CouponError('WECHAT_FAIL', `WeChat’s ${call.api} could not be called: ${cause instanceof Error ? cause.message : String(cause)}.`, { cause, request: call.bridgeName }));
    }
  });
  return withTimeout(
    settled,
    call.timeoutMs,
    () => new CouponError('TIMEOUT', `WeChat’s ${call.api} did not answer within ${call.timeoutMs} ms (interactionTimeoutMs).`, { request: call.bridgeName }),
  ).finally(stop);
}
