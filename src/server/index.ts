// wx-coupon/server: signatures, a central token/ticket cache, the HTTP handler, and the
// merchant's coupon lifecycle on WeChat's API (logo, create, issue by QR code, whitelist, redeem).
// Runs on Node ≥ 20 and on any runtime with fetch and Web Crypto; only toNodeListener and
// nodeServerOptions are Node-specific, and they import nothing from Node at run time.
export { signJsapi, signCardExt, signChooseCard, type JsapiSignatureInput, type CardExtSignatureInput, type ChooseCardSignatureInput } from './sign';
export { createWeChatApi, type WeChatApi, type WeChatApiOptions, type CredentialName, type Credential, type ConsumedCode } from './wechatApi';
export { createCouponHandler, type CouponHandlerOptions, type CouponApi, type CardExtContext } from './handler';
export { toNodeListener, type FetchHandler, type NodeListener } from './node';
export { nodeServerOptions, type NodeServerTimeouts } from './nodeServerOptions';
export { describeUserAgent, type UserAgentDescription } from './describeUserAgent';
export { embedCouponConfig, embeddedConfigScript, type EmbedCouponConfigOptions, type EmbeddedCouponHtml, type EmbeddedCouponConfig, type EmbeddedCardExt } from './embed';
export type { TokenStore } from './cache/TokenStore';
export { memoryStore, type MemoryStoreOptions } from './cache/memoryStore';
export { redisStore, type RedisLikeClient, type RedisStoreOptions } from './cache/redisStore';
export type { CardsApi, FetchedCard } from './wechat/cards';
export type { CodesApi, CodeInfo, UserCardStatus } from './wechat/codes';
export type { MediaApi, ImageInput } from './wechat/media';
export type { QrcodesApi, QrCodeRequest, QrCardEntry, QrCode } from './wechat/qrcodes';
export type { LandingPagesApi, LandingPageRequest, LandingPageScene } from './wechat/landingPages';
export type { TestWhitelistApi } from './wechat/testWhitelist';
export type { UsersApi } from './wechat/users';
export type {
  CardDefinition,
  GrouponCard,
  CashCard,
  DiscountCard,
  GiftCard,
  GeneralCouponCard,
  CouponBody,
  BaseInfo,
  AdvancedInfo,
  DateInfo,
  CouponType,
  CardColor,
  CodeType,
  CardPatch,
  CardStatus,
} from './cards/CardDefinition';
export { COUPON_TYPES, CARD_COLORS, CODE_TYPES } from './cards/CardDefinition';
export { validateCard, validateCardPatch, type ValidateCardOptions } from './cards/validateCard';
export { describeErrcode, errcodeEntry, type ErrcodeEntry, type ErrcodeKind, type ErrcodeRetry, type HintLanguage } from './wechat/errcodes';
export { ServerError, type ServerErrorCode } from './errors/ServerError';
export { CardValidationError, type CardValidationIssue } from './errors/CardValidationError';
export { NewCouponsRefusedError } from './errors/NewCouponsRefusedError';
export { ImageRejectedError } from './errors/ImageRejectedError';
export { WeChatApiError } from './errors/WeChatApiError';
export { UpstreamTimeoutError } from './errors/UpstreamTimeoutError';
export { UpstreamHttpError } from './errors/UpstreamHttpError';
export { StoreUnavailableError } from './errors/StoreUnavailableError';
export { StoreTimeoutError } from './errors/StoreTimeoutError';
export type { Logger } from './logger';
export { createCardEventHandler, type CardEventHandlerOptions } from './events/handler';
export type {
  CardEvent,
  CardEventName,
  KnownCardEvent,
  UnknownCardEvent,
  CardEventBase,
  CardCheckEvent,
  UserGetCardEvent,
  UserGiftingCardEvent,
  UserDelCardEvent,
  UserConsumeCardEvent,
  UserPayFromPayCellEvent,
  UserViewCardEvent,
  UserEnterSessionFromCardEvent,
  UpdateMemberCardEvent,
  CardSkuRemindEvent,
  CardPayOrderEvent,
  SubmitMembercardUserInfoEvent,
} from './events/cardEvent';
export { createMsgCrypt, type MsgCrypt } from './events/msgCrypt';
export { MsgCryptError } from './errors/MsgCryptError';
// The wire contract the handler speaks (the browser part names the same types).
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
} from '../contract';
