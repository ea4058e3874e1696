import { CouponError } from '../errors/CouponError';
import { withTimeout } from '../utils/timeout';
import type { WxSdk } from './types';

let sdk: Promise<WxSdk> | undefined;

/**
 * weixin-js-sdk, loaded once and only when a card call needs it: it reads the user agent
 * when it loads, and on a server it prints a warning and exports nothing. A load that fails
 * or stalls past `timeoutMs` is forgotten, so the next tap tries again.
 */
export function loadSdk(timeoutMs: number): Promise<WxSdk> {
  const loading: Promise<WxSdk> = (sdk ??= withTimeout(
    import('weixin-js-sdk'),
    timeoutMs,
    () => new CouponError('TIMEOUT', `weixin-js-sdk did not load within ${timeoutMs} ms.`, { request: 'weixin-js-sdk' }),
  ).then(
    (module) => {
      const wx = ((module as { default?: unknown }).default ?? module) as WxSdk | undefined;
      if (!wx || typeof wx.config !== 'function') {
        throw new CouponError('CONFIG_FAILED', 'weixin-js-sdk loaded without its API (is there a window?).');
      }
      return wx;
    },
    (cause: unknown) => {
      if (sdk === loading) sdk = undefined;
      if (cause instanceof CouponError) throw cause;
      throw new CouponError('CONFIG_FAILED', 'Could not load weixin-js-sdk. Check that the page can load its scripts.', { cause });
    },
  ));
  return loading;
}
