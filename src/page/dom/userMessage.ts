import { detectWeChat, type UnsupportedReason } from '../../env/detect';
import { fallbackText, normalizeLang } from './messages';
import { isCouponError, type CouponErrorCode } from '../../errors/CouponError';

// Shopper words for what the fallback does not already say: short, no codes, no developer
// terms. zh-CN by default, English when asked.
const WORDS = {
  'zh-CN': { cancelled: '已取消', slow: '网络不畅，请稍后再试', link: '券的链接已失效，请从微信卡包重新打开', later: '暂时无法完成，请稍后再试' },
  en: { cancelled: 'Cancelled', slow: 'Network trouble: please try again', link: 'This link has expired: open the coupon from WeChat Cards & Offers', later: 'Something went wrong: please try again later' },
};

// Where the page itself cannot work, the fallback's title says what to do ("请升级微信").
const WHERE: Partial<Record<CouponErrorCode, UnsupportedReason>> = { NOT_WECHAT: 'not-wechat', VERSION_TOO_LOW: 'version-too-low' };

/**
 * A short message for the shopper (toast, fallback, status line) for any error wx-coupon
 * rejects with, in zh-CN (default) or English (`lang: 'en'`). It never shows a code or a
 * developer's reason: log `error` itself for those. Anything that is not a CouponError gets
 * the generic "try again later".
 */
export function userMessage(error: unknown, lang?: string): string {
  const words = WORDS[normalizeLang(lang)];
  if (!isCouponError(error)) return words.later;
  // UNSUPPORTED_CLIENT is desktop WeChat or WeCom: this page's own reason says which.
  const reason = error.code === 'UNSUPPORTED_CLIENT' ? detectWeChat().reason || 'desktop' : WHERE[error.code];
  if (reason) return fallbackText(reason, lang).title;
  if (error.code === 'CANCELLED') return words.cancelled;
  if (error.code === 'TIMEOUT') return words.slow;
  // The decrypt endpoint refusing the encrypt_code (400, wx-coupon/server's invalid_code):
  // the link the shopper opened is broken or stale.
  if (error.code === 'DECRYPT_FAILED' && (error.status === 400 || error.serverCode === 'invalid_code')) return words.link;
  return words.later;
}
