import sdk from 'weixin-js-sdk';
import { CouponError } from '../errors/CouponError';
import type { WxSdk } from './sdkTypes';

// Imported with the engine, not by a second import(): the engine itself is loaded only for a
// card call inside WeChat, and a nested import() would make module builds fetch the engine
// chunk and then, one round trip later, the SDK's.

/**
 * weixin-js-sdk, which reads the user agent as it loads and exports nothing on a server;
 * checked here so that a page without a window gets a clear error.
 */
export function loadSdk(): Promise<WxSdk> {
  const wx = ((sdk as { default?: unknown } | undefined)?.default ?? sdk) as WxSdk | undefined;
  if (!wx || typeof wx.config !== 'function') {
    return Promise.reject(new CouponError('CONFIG_FAILED', 'weixin-js-sdk loaded without its API (is there a window?).'));
  }
  return Promise.resolve(wx);
}
