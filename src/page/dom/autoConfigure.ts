import { CouponError } from '../../errors/CouponError';
import { configure } from '../session';
import { misspeltKey } from '../../utils/misspeltKey';
import { bindButtons } from './bindButtons';
import { showFallback } from './fallback';
import { markEnvironment } from './markEnvironment';

function whenParsed(fn: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
  else fn();
}

/** The script tag's data attributes (as `dataset` names them); the first six configure(). */
const DATA = ['appId', 'signatureUrl', 'cardExtUrl', 'cardSignUrl', 'timeoutMs', 'jsApiList', 'debug', 'fallback', 'lang', 'qr', 'engineUrl', 'qrUrl'];
const attribute = (name: string) => `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** An INVALID_ARGUMENT that names the data attributes, not the configure() options they feed. */
function problem(message: string, cause?: unknown): CouponError {
  const named = message.replace('configure(): ', '').replace(/\b[a-z]+[A-Z]\w*/g, (name) => (DATA.includes(name) ? attribute(name) : name));
  return new CouponError('INVALID_ARGUMENT', named, { cause });
}

/**
 * The script tag configures itself from its data attributes:
 * `data-app-id`, `data-signature-url`, `data-card-ext-url`, `data-card-sign-url`,
 * `data-timeout-ms`, `data-debug`, `data-js-api-list` (the page's other JS-SDK APIs, comma or
 * space separated), and `data-fallback` (`"true"` shows the built-in fallback;
 * `data-lang="en"` for English). Without any of them it does nothing until `configure()`.
 * Throws INVALID_ARGUMENT, naming the attribute, for a misspelt attribute (`data-appid`), an
 * app id that is not one, a URL that is not http(s), or endpoints given without `data-app-id`;
 * with a `data-app-id`, buttons are bound all the same, so their taps report what is wrong.
 */
export function autoConfigure(script: HTMLScriptElement): boolean {
  const data = script.dataset;
  const misspelt = misspeltKey(data, DATA);
  if (misspelt) throw problem(`${attribute(misspelt[0])} is not an attribute wx-coupon reads: did you mean ${attribute(misspelt[1])}?`);
  if (!data.appId) {
    if (DATA.slice(1, 6).some((name) => data[name] !== undefined)) {
      throw problem('data-app-id is missing, so nothing is configured: add your official account’s AppID, data-app-id="wx…", or call WxCoupon.configure().');
    }
    return false;
  }
  let failure: CouponError | undefined;
  try {
    configure({
      appId: data.appId,
      signatureUrl: data.signatureUrl,
      cardExtUrl: data.cardExtUrl,
      cardSignUrl: data.cardSignUrl,
      timeoutMs: data.timeoutMs ? Number(data.timeoutMs) : undefined,
      debug: data.debug === 'true',
      // The page's own JS-SDK APIs: buttons run our wx.config at load, and a page has one config.
      jsApiList: data.jsApiList ? data.jsApiList.split(/[\s,]+/).filter(Boolean) : undefined,
    });
  } catch (error) {
    failure = problem((error as Error).message, error);
  }
  // Bound now, not at DOMContentLoaded: its observer sees each button as the parser adds it,
  // so the button's card_ext request goes out then (the tap at load no longer waits for the
  // rest of the page to parse first), and a tap before DOMContentLoaded works too.
  // (bindButtons scans again itself once the document is parsed: forms are complete only then.)
  bindButtons(document);
  whenParsed(() => {
    const mark = markEnvironment();
    if (mark !== 'ready' && data.fallback !== undefined && data.fallback !== 'false') {
      showFallback({ lang: data.lang, qr: data.qr !== 'false' });
    }
  });
  if (failure) throw failure;
  return true;
}
