import { CouponError } from '../errors/CouponError';
import type { WxSdk } from './types';

let sdk: Promise<WxSdk> | undefined;

/**
 * weixin-js-sdk, loaded once and only when a card call needs it: it reads the user agent
 * when it loads, and on a server it prints a warning and exports nothing.
 */
export function loadSdk(): Promise<WxSdk> {
  sdk ??= import('weixin-js-sdk').then(
    (module) => {
      const wx = ((module as { default?: unknown }).default ?? module) as WxSdk | undefined;
      if (!wx || typeof wx.config !== 'function') {
        throw new CouponError('CONFIG_FAILED', 'weixin-js-sdk loaded without its API (is there a window?).');
      }
      return wx;
    },
    (cause: unknown) => {
      sdk = undefined; // a failed chunk load may succeed on the next tap
      throw new CouponError('CONFIG_FAILED', 'Could not load weixin-js-sdk. Check that the page can load its scripts.', { cause });
    },
  );
  return sdk;
}
