// The script-tag bundle: everything in `wx-coupon`, exposed as `window.WxCoupon`.
// Only this entry surely runs in a browser, so it may read `document.currentScript`.
import { autoConfigure } from './dom/autoConfigure';
import { preloadEngine } from './session';
import { setCompanionUrl } from './utils/companion';

const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
if (script?.src) {
  // Companion files sit next to this one unless the page says otherwise.
  const at = (attribute: string | undefined, file: string) => new URL(attribute || file, attribute ? location.href : script.src).href;
  setCompanionUrl('engine', at(script.dataset.engineUrl, 'wx-coupon.engine.iife.js'));
  setCompanionUrl('qr', at(script.dataset.qrUrl, 'wx-coupon.qr.iife.js'));
  try {
    // Configured by its attributes: inside WeChat, the engine's download starts right now.
    if (autoConfigure(script)) preloadEngine();
  } catch (error) {
    // A bad data attribute must not take window.WxCoupon away: say what is wrong, go on.
    console.error(error);
  }
}

export * from './index';
