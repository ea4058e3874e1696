import { CouponError } from '../errors/CouponError';
import { detectWeChat, MIN_CARDS_VERSION } from './detect';

/** Rejects at once where the Cards & Offers APIs cannot work: no signature request, no SDK. */
export function assertCardsSupported(): void {
  const env = detectWeChat();
  switch (env.reason) {
    case null:
      return;
    case 'not-wechat':
      throw new CouponError('NOT_WECHAT', 'Not inside WeChat: Cards & Offers only work in the WeChat app. Show the page’s fallback (open in WeChat), or install the wx-coupon simulator for desktop development.');
    case 'desktop':
      throw new CouponError('UNSUPPORTED_CLIENT', 'Desktop WeChat has no Cards & Offers: ask the user to open this page in WeChat on the phone.');
    case 'wecom':
      throw new CouponError('UNSUPPORTED_CLIENT', 'WeCom (企业微信) has no Cards & Offers: ask the user to open this page in WeChat.');
    case 'version-too-low':
      throw new CouponError('VERSION_TOO_LOW', `WeChat ${env.version || '(unknown version)'} is older than ${MIN_CARDS_VERSION}, the first with Cards & Offers: ask the user to update WeChat.`);
  }
}
