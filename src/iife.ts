// The script-tag bundle: everything in `wx-coupon`, exposed as `window.WxCoupon`.
export * from './index';
