// The script-tag bundle: everything in `wx-coupon`, exposed as `window.WxCoupon`.
// Only this entry surely runs in a browser, so it may read `document.currentScript`.
import { setEngineScriptUrl } from './engine/loadEngine';

const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
if (script?.src) {
  const { engineUrl } = script.dataset;
  setEngineScriptUrl(engineUrl ? new URL(engineUrl, location.href).href : new URL('wx-coupon.engine.iife.js', script.src).href);
}

export * from './index';
