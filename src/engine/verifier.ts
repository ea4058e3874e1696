import { CouponError } from '../errors/CouponError';
import type { NormalizedOptions } from '../page/options';
import type { EngineInput, SignatureResult } from './input';
import { withTimeout } from '../utils/timeout';
import { isBridgeObserved, onBridgeReply, waitForBridge } from './bridge';
import { errMsgOf, isReadableReply, resultOf } from './errMsg';
import { loadSdk } from './loadSdk';
import type { WxSdk } from './sdkTypes';

/** Asked for in every `wx.config`: the three card APIs, plus what the merchant names. */
export const JS_API_LIST = ['addCard', 'chooseCard', 'openCard'];

/** Our wx.config calls, one at a time: the SDK keeps a single config state. */
let queue: Promise<unknown> = Promise.resolve();
/** Whether this SDK instance has finished a config: from then on its wx.ready fires at once. */
let configuredBefore = false;

interface Outcome {
  result: string;
  errMsg: string;
  /** Where the page was when this wx.config went out: the page it verifies. */
  pageUrl: string;
}

/** The outcome WeChat gave for one `wx.config` with `signature`. */
function verifyOnce(wx: WxSdk, options: NormalizedOptions, page: EngineInput['page'], signature: SignatureResult): Promise<Outcome> {
  const run = () => {
    let stop = () => {};
    const pageUrl = page.url();
    const outcome = new Promise<Outcome>((resolve, reject) => {
      const settle = (errMsg: string) => resolve({ result: resultOf(errMsg, 'config'), errMsg: errMsg || 'config:ok', pageUrl });
      // The bridge reply to this very call is the truth on every version (see bridge.ts); a
      // reply to another wx.config on the page (the merchant's own) is not ours.
      stop = onBridgeReply('preVerifyJSAPI', (reply, args, error) => {
        if (args.verifySignature !== signature.signature || args.verifyNonceStr !== signature.nonceStr) return;
        // A garbled reply is no verdict: it must not pass for "ok" as a reply without an
        // err_msg does. (An error after a readable reply is the page's: the verdict stands.)
        if (error === undefined && isReadableReply(reply)) settle(errMsgOf(reply) || '');
        else reject(new CouponError('INVALID_RESPONSE', 'WeChat answered wx.config (preVerifyJSAPI) with a reply that cannot be read.', { cause: error ?? reply, request: 'preVerifyJSAPI' }));
      });
      // Only where the bridge could not be observed: wx.error (never registered from WeChat 10
      // on), and wx.ready, which waits for the outcome only on the SDK's first config.
      const firstConfig = !configuredBefore;
      wx.error((res) => {
        if (!isBridgeObserved()) settle(res.errMsg);
      });
      wx.ready(() => {
        configuredBefore = true;
        if (!isBridgeObserved() && firstConfig) settle('config:ok');
      });
      try {
        wx.config({
          debug: options.debug,
          appId: options.appId,
          timestamp: signature.timestamp,
          nonceStr: signature.nonceStr,
          signature: signature.signature,
          jsApiList: [...new Set([...JS_API_LIST, ...options.jsApiList])],
        });
      } catch (cause) {
        // The SDK calls the bridge synchronously: a WeixinJSBridge.invoke that throws lands here.
        reject(new CouponError('CONFIG_FAILED', `WeChat’s bridge threw on wx.config: ${cause instanceof Error ? cause.message : String(cause)}. Is another script replacing WeixinJSBridge?`, { cause, request: 'preVerifyJSAPI' }));
      }
    });
    return withTimeout(
      outcome,
      options.timeoutMs,
      () => new CouponError('TIMEOUT', `WeChat did not answer wx.config within ${options.timeoutMs} ms.`, { request: 'preVerifyJSAPI' }),
    ).finally(stop);
  };
  const turn = queue.then(run, run);
  queue = turn.catch(() => undefined);
  return turn;
}

/** URLs one verification signs at most: the two candidates, and one the page moved to meanwhile. */
const MAX_SIGNED_URLS = 3;

function configFailed(errMsg: string, triedUrls: string[], appId: string, now: string): CouponError {
  const result = resultOf(errMsg, 'config');
  const signed = triedUrls.map((url) => `"${url}"`).join(' and ');
  const moved = triedUrls.includes(now) ? '' : ` The page kept changing its URL while WeChat verified it (now "${now}"): call again once it settles.`;
  const advice =
    result === 'invalid signature'
      ? `WeChat rejected the signature for ${signed}. Sign the page URL without "#…", exactly as location.href has it (no re-encoding), with the jsapi_ticket of ${appId} (not the card api_ticket), and make sure the page’s domain is on the official account’s JS safe domain list.${moved}`
      : result === 'invalid url domain'
        ? `This page’s domain is not on the JS safe domain list (JS接口安全域名) of ${appId}. Add it in the official account settings.`
        : `WeChat refused wx.config (${errMsg}) for ${signed}. Check appId ${appId}, the signature and the JS safe domain list.`;
  return new CouponError('CONFIG_FAILED', advice, { errMsg, request: 'preVerifyJSAPI' });
}

/**
 * Verifies the page with WeChat: signature request, SDK load and bridge wait in parallel,
 * then `wx.config`. On "invalid signature" a cached signature is refreshed once, and the
 * other URL candidate (landing vs current) is tried once — or the URL a single-page app
 * moved to while the signature was in flight; then CONFIG_FAILED.
 */
async function verifyPage({ options, transport, page }: EngineInput): Promise<string> {
  const first = page.signatureUrls()[0] || page.url();
  const [wx, , firstSignature] = await Promise.all([loadSdk(), waitForBridge(options.timeoutMs), transport.signatures.get(first)]);

  const tried: string[] = [];
  let url = first;
  let signature = firstSignature;
  for (;;) {
    const { result, errMsg, pageUrl } = await verifyOnce(wx, options, page, signature);
    if (!tried.includes(url)) tried.push(url);
    if (result === 'ok') {
      // Only a signature WeChat accepted is worth reusing on the next page load.
      transport.signatures.accepted(url, signature);
      return pageUrl;
    }
    if (result !== 'invalid signature') throw configFailed(errMsg, tried, options.appId, page.url());

    transport.signatures.rejected(url);
    // The candidates are read again, not kept from the start: a pushState while the
    // signature was in flight leaves the page at a URL not tried yet, the one Android checks.
    const next: string | undefined = signature.fromCache ? url : page.signatureUrls().find((candidate) => !tried.includes(candidate));
    if (next === undefined || tried.length >= MAX_SIGNED_URLS) throw configFailed(errMsg, tried, options.appId, page.url());
    url = next;
    signature = await transport.signatures.get(next, true);
  }
}

export interface PageVerifier {
  /** Resolves once WeChat has verified the current page URL. */
  verify(): Promise<void>;
  /** Forget the verified URL (WeChat denied a call: another wx.config may have replaced ours). */
  forget(): void;
}

/**
 * `wx.config` once per page URL: calls for the URL already verified share its promise; an
 * SPA route change (pushState, replaceState, hash routes with a new path) verifies again.
 * A failure is not kept, so the next call tries afresh.
 */
export function createPageVerifier(input: EngineInput): PageVerifier {
  let last: { url: string; verified: Promise<void> } | undefined;
  return {
    verify() {
      const url = input.page.url();
      if (last && last.url === url) return last.verified;
      const entry: { url: string; verified: Promise<void> } = {
        url,
        verified: verifyPage(input).then(
          (pageUrl) => {
            // The page may have moved while it was being verified: what WeChat verified is
            // where it was when the accepted wx.config went out (verifyPage follows a move
            // made before that; one made after it needs a new wx.config).
            if (last === entry) entry.url = pageUrl;
          },
          (error: unknown) => {
            if (last === entry) last = undefined;
            throw error;
          },
        ),
      };
      last = entry;
      return entry.verified;
    },
    forget() {
      last = undefined;
    },
  };
}
