// wx-coupon: put WeChat coupons into Cards & Offers (卡包) from H5 pages.
// Importing this module has no side effects and touches no browser global; the engine
// (weixin-js-sdk, wx.config, card calls) is loaded on the first card call, inside WeChat only.
// Every public name is listed here, once: nothing reaches the package's surface by accident.
export { detectWeChat, isCardsAndOffersSupported, MIN_CARDS_VERSION, type WeChatClient, type WeChatEnvironment, type WeChatOS, type UnsupportedReason } from './env';
export { readCouponContext, type CouponContext } from './redirect';
export { decryptCouponCode, type DecryptOptions } from './redirect/decryptCouponCode';
export { addToCardsAndOffers, prefetchCardExt, chooseCard, openCard, type AddedCard, type CardToAdd, type ChosenCard, type CardToOpen } from './page/cards';
export {
  bindButtons,
  showFallback,
  markEnvironment,
  fallbackText,
  type CouponEventDetail,
  type CouponAddedDetail,
  type CouponChosenDetail,
  type CouponOpenedDetail,
  type CouponFailedDetail,
  type CouponEventMap,
  type CouponEventType,
  type FallbackOptions,
  type EnvironmentMark,
  type FallbackText,
  type Lang,
} from './page/dom';
export { configure } from './page/session';
export { ready } from './page/ready';
export { CouponError, isCouponError, type CouponErrorCode, type CouponErrorDetails, type ServerCode } from './errors/CouponError';
export { userMessage } from './page/dom/userMessage';
export type { CouponOptions, ConfigSignature, CardSign, ChooseCardFilter, CardRequest } from './page/options';
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
