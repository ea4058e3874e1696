import { WeChatApiError } from './WeChatApiError';

/**
 * card/create refused a coupon (优惠券) type. From 2021-04-01 WeChat no longer creates new
 * 优惠券 (GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON) through card/create or the platform;
 * coupons created before keep being issued and redeemed; merchants are pointed to WeChat Pay
 * coupons (商家券 / 代金券). Still a WeChatApiError: `errcode`, `errmsg` and `path` are WeChat's.
 */
export class NewCouponsRefusedError extends WeChatApiError {
  override readonly name = 'NewCouponsRefusedError';
  override readonly code = 'new_coupons_refused' as const;
  readonly cardType: string;

  constructor(errcode: number, errmsg: string, path: string, cardType: string) {
    super(
      errcode,
      errmsg,
      path,
      `WeChat API ${path} refused to create a ${cardType} coupon (errcode ${errcode}: ${errmsg}). WeChat stopped accepting new 优惠券 ` +
        '(GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON) through card/create from 2021-04-01; coupons created before are still issued ' +
        'and redeemed. For new coupons use WeChat Pay coupons (微信支付 商家券 or 代金券: https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/apilist.html). ' +
        'If this account should be able to create cards, check that 卡券 is enabled for it on the platform.',
    );
    this.cardType = cardType;
  }
}
