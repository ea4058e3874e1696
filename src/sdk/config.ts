import { CouponError } from '../errors/CouponError';
import type { NormalizedOptions } from '../options';
import { withTimeout } from '../utils/timeout';
import { isBridgeObserved, onBridgeReply, waitForBridge } from './bridge';
import { errMsgOf, resultOf } from './errMsg';
import { loadSdk } from './loadSdk';
import { currentPageUrl, signatureUrlCandidates } from './pageUrl';
import { forgetSignature, getSignature, type SignatureResult } from './signature';
import type { WxSdk } from './types';

/** Asked for in every `wx.config`: the three card APIs and nothing else. */
export const JS_API_LIST = ['addCard', 'chooseCard', 'openCard'];

/** The outcome WeChat gave for one `wx.config`, as an errMsg ("config:ok", "config:invalid signature"). */
function verifyOnce(wx: WxSdk, options: NormalizedOptions, signature: SignatureResult): Promise<string> {
  let stop = () => {};
  const outcome = new Promise<string>((resolve) => {
    // The bridge reply is the truth on every version (see bridge.ts). wx.error and wx.ready
    // only serve where the bridge could not be observed.
    stop = onBridgeReply('preVerifyJSAPI', (reply) => resolve(errMsgOf(reply) ?? 'config:fail'));
    wx.error((res) => resolve(res.errMsg));
    wx.ready(() => {
      if (!isBridgeObserved()) resolve('config:ok');
    });
    wx.config({
      debug: options.debug,
      appId: options.appId,
      timestamp: signature.timestamp,
      nonceStr: signature.nonceStr,
      signature: signature.signature,
      jsApiList: [...JS_API_LIST],
    });
  });
  return withTimeout(
    outcome,
    options.timeoutMs,
    () => new CouponError('TIMEOUT', `WeChat did not answer wx.config within ${options.timeoutMs} ms.`, { request: 'preVerifyJSAPI' }),
  ).finally(stop);
}

function configFailed(errMsg: string, triedUrls: string[], appId: string): CouponError {
  const result = resultOf(errMsg);
  const signed = triedUrls.map((url) => `"${url}"`).join(' and ');
  const advice =
    result === 'invalid signature'
      ? `WeChat rejected the signature for ${signed}. Sign the page URL without "#…", exactly as location.href has it (no re-encoding), with the jsapi_ticket of ${appId} (not the card api_ticket), and make sure the page’s domain is on the official account’s JS safe domain list.`
      : result === 'invalid url domain'
        ? `This page’s domain is not on the JS safe domain list (JS接口安全域名) of ${appId}. Add it in the official account settings.`
        : `WeChat refused wx.config (${errMsg}) for ${signed}. Check appId ${appId}, the signature and the JS safe domain list.`;
  return new CouponError('CONFIG_FAILED', advice, { errMsg, request: 'preVerifyJSAPI' });
}

/**
 * Verifies the page with WeChat: signature request, SDK load and bridge wait in parallel,
 * then `wx.config`. On "invalid signature" a cached signature is refreshed once, and the
 * other URL candidate (landing vs current) is tried once; then CONFIG_FAILED.
 */
async function verifyPage(options: NormalizedOptions, urlAtConfigure: string, ios: boolean): Promise<void> {
  const candidates = signatureUrlCandidates(urlAtConfigure, ios);
  const first = candidates[0] ?? currentPageUrl();
  const [wx, , firstSignature] = await Promise.all([loadSdk(), waitForBridge(options.timeoutMs), getSignature(options, first)]);

  const tried: string[] = [];
  let url = first;
  let signature = firstSignature;
  for (;;) {
    const errMsg = await verifyOnce(wx, options, signature);
    if (resultOf(errMsg) === 'ok') return;
    if (!tried.includes(url)) tried.push(url);
    if (resultOf(errMsg) !== 'invalid signature') throw configFailed(errMsg, tried, options.appId);

    forgetSignature(options.appId, url);
    const next: string | undefined = signature.fromCache ? url : candidates.find((candidate) => !tried.includes(candidate));
    if (next === undefined) throw configFailed(errMsg, tried, options.appId);
    url = next;
    signature = await getSignature(options, next, { fresh: true });
  }
}

/**
 * `wx.config` once per page URL: calls for the URL already verified share its promise; an
 * SPA route change (pushState, replaceState, hash routes with a new path) verifies again.
 * A failure is not kept, so the next call tries afresh.
 */
export function createPageVerifier(options: NormalizedOptions, urlAtConfigure: string, ios: boolean): () => Promise<void> {
  let last: { url: string; verified: Promise<void> } | undefined;
  return () => {
    const url = currentPageUrl();
    if (last?.url === url) return last.verified;
    const verified: Promise<void> = verifyPage(options, urlAtConfigure, ios).catch((error: unknown) => {
      if (last?.verified === verified) last = undefined;
      throw error;
    });
    last = { url, verified };
    return verified;
  };
}
