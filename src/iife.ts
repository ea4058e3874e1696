// The script-tag bundle: everything in `wx-coupon`, exposed as `window.WxCoupon`.
// Only this entry surely runs in a browser, so it may read `document.currentScript`.
import { autoConfigure } from './page/dom/autoConfigure';
import type { CouponError } from './errors/CouponError';
import { isCardsAndOffersSupported } from './env/detect';
import { ready } from './page/ready';
import { setCompanionUrl } from './page/companion';

const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
if (script?.src) {
  try {
    // Companion files sit next to this one unless the page says otherwise.
    const at = (attribute: string | undefined, file: string) => new URL(attribute || file, attribute ? location.href : script.src).href;
    setCompanionUrl('engine', at(script.dataset.engineUrl, 'wx-coupon.engine.iife.js'));
    setCompanionUrl('qr', at(script.dataset.qrUrl, 'wx-coupon.qr.iife.js'));
    // Configured by its attributes, inside WeChat: verify the page now, as a hand-written
    // page does from its head (the engine's download and the signature request start here,
    // not at DOMContentLoaded), so a tap at load waits for one round trip at most. A failure
    // is left for the first tap, which retries and reports it.
    if (autoConfigure(script) && isCardsAndOffersSupported()) ready().catch(() => undefined);
  } catch (error) {
    // A bad data attribute must not take window.WxCoupon away: say once, at load, what is
    // wrong and what to do (the message does), and go on.
    console.warn(`wx-coupon script tag ${(error as CouponError).code ?? ''}: ${(error as Error).message}`);
  }
}

export * from './index';
