// The script-tag bundle's companion: the engine and weixin-js-sdk as `window.WxCouponEngine`,
// loaded by wx-coupon.iife.js only inside WeChat (src/engine/loadEngine.ts).
export { createEngine } from './engine';
