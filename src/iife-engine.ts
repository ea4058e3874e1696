// Companion of the script-tag bundle: the engine and weixin-js-sdk as `window.WxCouponEngine`,
// loaded by wx-coupon.iife.js only inside WeChat (src/page/companion.ts). The modules it
// shares with the page are the page's own, taken from its input (src/engine/fromPage.ts).
import { createEngine as create, type Engine, type EngineInput } from './engine';
import { adoptPageModules } from './engine/fromPage';

export function createEngine(input: EngineInput): Engine {
  adoptPageModules(input.modules);
  return create(input);
}
