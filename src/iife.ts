// The script-tag bundle: everything in `wx-coupon`, exposed as `window.WxCoupon`.
// Only this entry surely runs in a browser, so it may read `document.currentScript`.
import { autoConfigure } from './dom/autoConfigure';
import type { CouponError } from './errors/CouponError';
import { setCompanionUrl } from './utils/companion';

const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
if (script?.src) {
  try {
    // Companion files sit next to this one unless the page says otherwise.
    const at = (attribute: string | undefined, file: string) => new URL(attribute || file, attribute ? location.href : script.src).href;
    setCompanionUrl('engine', at(script.dataset.engineUrl, 'wx-coupon.engine.iife.js'));
    setCompanionUrl('qr', at(script.dataset.qrUrl, 'wx-coupon.qr.iife.js'));
    autoConfigure(script);
  } catch (error) {
    // A bad data attribute must not take window.WxCoupon away: say once, at load, what is
    // wrong and what to do (the message does), and go on.
    console.warn(`wx-coupon script tag ${(error as CouponError).code ?? ''}: ${(error as Error).message}`);
  }
}

export * from './index';
