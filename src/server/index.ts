// wx-coupon/server: signatures, a central token/ticket cache, the HTTP handler, code decrypt.
// Runs on Node ≥ 20 and on any runtime with fetch and Web Crypto; only toNodeListener is
// Node-specific, and it imports nothing from Node at run time.
export * from './sign';
export { createWeChatApi, type WeChatApi, type WeChatApiOptions, type CredentialName, type Credential, type ConsumedCode } from './wechatApi';
export { createCouponHandler, type CouponHandlerOptions, type CouponApi, type CardExtContext } from './handler';
export { toNodeListener, type FetchHandler, type NodeListener } from './node';
export { describeUserAgent, type UserAgentDescription } from './describeUserAgent';
export { embedCouponConfig, embeddedConfigScript, type EmbedCouponConfigOptions, type EmbeddedCouponHtml, type EmbeddedCouponConfig, type EmbeddedCardExt } from './embed';
export type { TokenStore } from './cache/TokenStore';
export { memoryStore, type MemoryStoreOptions } from './cache/memoryStore';
export { redisStore, type RedisLikeClient, type RedisStoreOptions } from './cache/redisStore';
export { WeChatApiError } from './errors/WeChatApiError';
export { UpstreamTimeoutError } from './errors/UpstreamTimeoutError';
export { UpstreamHttpError } from './errors/UpstreamHttpError';
export { StoreUnavailableError } from './errors/StoreUnavailableError';
export { StoreTimeoutError } from './errors/StoreTimeoutError';
export type { Logger } from './logger';
