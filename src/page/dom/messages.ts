import type { UnsupportedReason } from '../../env/detect';

export type Lang = 'zh-CN' | 'en';

export interface FallbackText {
  title: string;
  body: string;
  /** Under the QR code, where there is one. */
  scan?: string;
}

// User-facing words: zh-CN by default, English when asked.
const TEXT: Record<Lang, Record<UnsupportedReason, FallbackText>> = {
  'zh-CN': {
    'not-wechat': { title: '请在微信中打开', body: '优惠券需要放入微信卡包，请在手机微信中打开本页面领取。', scan: '用微信扫一扫，在手机上打开本页' },
    'version-too-low': { title: '请升级微信', body: '当前微信版本过低，无法领取优惠券。请升级到 6.0.2 或以上版本后再试。' },
    desktop: { title: '请在手机上打开', body: '电脑版微信没有卡包，请在手机微信中打开本页面领取优惠券。', scan: '用手机微信扫一扫打开本页' },
    wecom: { title: '请在微信中打开', body: '企业微信不支持微信卡包，请在微信中打开本页面领取优惠券。' },
  },
  en: {
    'not-wechat': { title: 'Open in WeChat', body: 'Coupons go into WeChat’s Cards & Offers: open this page in WeChat on your phone to get yours.', scan: 'Scan with WeChat to open this page on your phone' },
    'version-too-low': { title: 'Update WeChat', body: 'This version of WeChat is too old for coupons. Update WeChat to 6.0.2 or later and try again.' },
    desktop: { title: 'Open on your phone', body: 'WeChat for desktop has no Cards & Offers: open this page in WeChat on your phone to get the coupon.', scan: 'Scan with WeChat on your phone to open this page' },
    wecom: { title: 'Open in WeChat', body: 'WeCom has no Cards & Offers: open this page in WeChat to get the coupon.' },
  },
};

export function normalizeLang(lang: unknown): Lang {
  return typeof lang === 'string' && /^en\b/i.test(lang) ? 'en' : 'zh-CN';
}

export function fallbackText(reason: UnsupportedReason, lang?: string): FallbackText {
  return TEXT[normalizeLang(lang)][reason];
}
