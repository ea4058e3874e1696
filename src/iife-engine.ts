// Companion of the script-tag bundle: the engine and weixin-js-sdk as `window.WxCouponEngine`,
// loaded by wx-coupon.iife.js only inside WeChat (src/utils/companion.ts).
export { createEngine } from './engine';
