import { CouponError } from '../errors/CouponError';
import type * as EngineModule from './index';

declare const __WX_COUPON_SCRIPT_TAG__: boolean;

/** The global the script-tag companion (src/iife-engine.ts) defines. */
const ENGINE_GLOBAL = 'WxCouponEngine';
let companionUrl: string | undefined;

/** Where the script-tag bundle finds its companion; set by src/iife.ts from its own URL. */
export function setEngineScriptUrl(url: string | undefined): void {
  companionUrl = url;
}

function loadScript(url: string | undefined): Promise<typeof EngineModule> {
  const present = (window as unknown as Record<string, typeof EngineModule | undefined>)[ENGINE_GLOBAL];
  if (present) return Promise.resolve(present);
  if (!url) return Promise.reject(new Error('the script tag’s own URL is unknown'));
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.addEventListener('load', () => {
      const loaded = (window as unknown as Record<string, typeof EngineModule | undefined>)[ENGINE_GLOBAL];
      if (loaded) resolve(loaded);
      else reject(new Error(`${url} did not define ${ENGINE_GLOBAL}`));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error(`could not load ${url}`));
    });
    document.head.append(script);
  });
}

let engine: Promise<typeof EngineModule> | undefined;

export function loadEngine(): Promise<typeof EngineModule> {
  engine ??= (__WX_COUPON_SCRIPT_TAG__ ? loadScript(companionUrl) : import('./index')).catch((cause: unknown) => {
    engine = undefined; // a failed load may succeed on the next tap
    throw new CouponError(
      'CONFIG_FAILED',
      __WX_COUPON_SCRIPT_TAG__
        ? `Could not load wx-coupon.engine.iife.js (${companionUrl ?? 'unknown URL'}): serve it next to wx-coupon.iife.js, or point the script tag’s data-engine-url at it.`
        : 'Could not load wx-coupon’s engine chunk. Check that the page can load its scripts.',
      { cause },
    );
  });
  return engine;
}
