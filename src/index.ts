// wx-coupon: put WeChat coupons into Cards & Offers (卡包) from H5 pages.
// Importing this module has no side effects and touches no browser global; weixin-js-sdk
// is loaded on the first card call, and only inside WeChat.
export * from './env';
export * from './redirect';
export * from './cards';
export { configure } from './session';
export { ready } from './sdk/ready';
export { CouponError, isCouponError, type CouponErrorCode } from './errors/CouponError';
export type { CouponOptions, ConfigSignature, CardSign, ChooseCardFilter, CardRequest } from './options';
