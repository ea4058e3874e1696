import { CouponError } from '../errors/CouponError';
import { companion, companionUrl } from './companion';
import type * as EngineModule from '../engine/index';

declare const __WX_COUPON_SCRIPT_TAG__: boolean;

const load = /* @__PURE__ */ companion<typeof EngineModule>('engine', 'WxCouponEngine', __WX_COUPON_SCRIPT_TAG__ ? undefined : () => import('../engine/index'));

/** The engine (wx.config, card calls, weixin-js-sdk), loaded on first use inside WeChat. */
export function loadEngine(timeoutMs: number): Promise<typeof EngineModule> {
  return load(timeoutMs).catch((cause: unknown) => {
    throw new CouponError(
      'CONFIG_FAILED',
      __WX_COUPON_SCRIPT_TAG__
        ? `Could not load wx-coupon.engine.iife.js (${companionUrl('engine') ?? 'unknown URL'}): serve it next to wx-coupon.iife.js, or point the script tag’s data-engine-url at it.`
        : 'Could not load wx-coupon’s engine chunk. Check that the page can load its scripts.',
      { cause },
    );
  });
}
