// wx-coupon: put WeChat coupons into Cards & Offers (卡包) from H5 pages.
// Importing this module has no side effects and touches no browser global; the engine
// (weixin-js-sdk, wx.config, card calls) is loaded on the first card call, inside WeChat only.
export * from './env';
export * from './redirect';
export { decryptCouponCode, type DecryptOptions } from './redirect/decryptCouponCode';
export * from './cards';
export * from './dom';
export { configure } from './session';
export { ready } from './sdk/ready';
export { CouponError, isCouponError, type CouponErrorCode, type CouponErrorDetails, type ServerCode } from './errors/CouponError';
export { userMessage } from './errors/userMessage';
export type { CouponOptions, ConfigSignature, CardSign, ChooseCardFilter, CardRequest } from './options';
export type {
  SignatureQuery,
  SignatureResponse,
  CardExtRequest,
  CardExtResponse,
  CardSignRequest,
  CardSignResponse,
  DecryptRequest,
  DecryptResponse,
  ConsumeRequest,
  ConsumeResponse,
  CouponRoutes,
  CouponRoute,
  CouponEndpointErrorCode,
  CouponErrorResponse,
} from './contract';
