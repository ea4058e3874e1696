// Companion of the script-tag bundle: the engine and weixin-js-sdk as `window.WxCouponEngine`,
// loaded by wx-coupon.iife.js only inside WeChat (src/utils/companion.ts). The modules it
// shares with the page are the page's own, taken from the context (src/engine/fromPage.ts).
import { createEngine as create, type Engine, type EngineContext } from './engine';
import { adoptPageModules } from './engine/fromPage';
import type { NormalizedOptions } from './page/options';

export function createEngine(options: NormalizedOptions, context: EngineContext): Engine {
  adoptPageModules(context.pageModules);
  return create(options, context);
}
