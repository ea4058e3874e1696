// createWeChatApi: the token/ticket cache and the WeChat API families on one transport.
// The parts live in wechat/: transport (timeouts, retries, redaction, token use), credentials,
// and one module per API family.
import { createCredentialCache, type Credential } from './cache/credentialCache';
import { memoryStore } from './cache/memoryStore';
import { timedStore } from './cache/timedStore';
import type { TokenStore } from './cache/TokenStore';
import { silentLogger, type Logger } from './logger';
import { timingOptions } from './timingOptions';
import { createCardsApi, type CardsApi } from './wechat/cards';
import { createCodesApi, type CodesApi, type ConsumedCode } from './wechat/codes';
import { createCredentials, type CredentialName } from './wechat/credentials';
import { createLandingPagesApi, type LandingPagesApi } from './wechat/landingPages';
import { createMediaApi, type MediaApi } from './wechat/media';
import { createQrcodesApi, type QrcodesApi } from './wechat/qrcodes';
import { createTestWhitelistApi, type TestWhitelistApi } from './wechat/testWhitelist';
import { createTransport, type FetchLike } from './wechat/transport';
import { createUsersApi, type UsersApi } from './wechat/users';

export type { Credential } from './cache/credentialCache';
export type { CredentialName } from './wechat/credentials';
export type { ConsumedCode } from './wechat/codes';

export interface WeChatApiOptions {
  appId: string;
  /** Stays inside this closure: it is never put in an error, a log line or a response. */
  appSecret: string;
  /** Default `https://api.weixin.qq.com`; the stand-in's URL in tests and the demo. */
  apiBase?: string;
  /**
   * Where token and tickets are cached; in memory by default, `redisStore(client)` for several
   * processes. Each call on it is given `timeoutMs`, then fails with a StoreTimeoutError.
   */
  store?: TokenStore;
  /** Default: the global `fetch`. The stand-in's `fetch` works here without a socket. */
  fetch?: FetchLike;
  /**
   * Default true: `cgi-bin/stable_token`, which does not knock out a token that another server
   * (say, a CMS that also calls WeChat) still uses. False: the classic `cgi-bin/token`.
   */
  useStableToken?: boolean;
  /** Per upstream call and per call on `store`, default 5000 ms. Must be a finite number above 0. */
  timeoutMs?: number;
  /** Refresh this long before WeChat's expiry, default 5 minutes. Must be above `clockSkewMs`. */
  refreshAheadMs?: number;
  /**
   * How far the clocks of the processes sharing `store` may disagree, and how far a clock may be
   * stepped back during a token's two hours; default 2 minutes. Tokens and tickets are not used
   * in their last `clockSkewMs`. (One clock's constant offset from WeChat's needs no margin:
   * WeChat says how long a value lives, not until when.) A finite number, at least 0 and below
   * `refreshAheadMs`: createWeChatApi throws a TypeError otherwise, as for the other two.
   */
  clockSkewMs?: number;
  /** Retries after errcode -1 (WeChat busy), default 2, with exponential backoff from `busyRetryDelayMs` (default 200 ms). */
  busyRetries?: number;
  busyRetryDelayMs?: number;
  /** Milliseconds since the epoch; a simulated clock in tests and benchmarks. */
  clock?: () => number;
  logger?: Logger;
}

export interface WeChatApi {
  readonly appId: string;
  /** The clock the cache runs on: `expiresAt` values are on it. */
  readonly clock: () => number;
  accessToken(): Promise<string>;
  /** For `wx.config` signatures. */
  jsapiTicket(): Promise<string>;
  /** The card `api_ticket` (`type=wx_card`), for card_ext and chooseCard signatures. */
  cardApiTicket(): Promise<string>;
  /** A cached credential with its expiry, e.g. to tell the browser how long a signature holds. */
  credential(name: CredentialName): Promise<Credential>;
  /** The real code behind an `encrypt_code` (`card/code/decrypt`); the same as `codes.decrypt`. */
  decryptCode(encryptCode: string): Promise<string>;
  /** Redeem a code (`card/code/consume`); errcode 40099 when it was already consumed. The same as `codes.consume`. */
  consumeCode(input: { code: string; cardId?: string }): Promise<ConsumedCode>;
  /** media/uploadimg: the logo (and other card images) onto WeChat's image host. */
  readonly media: MediaApi;
  /** card/create (validated locally first), get, batchget, update, modifystock, delete. */
  readonly cards: CardsApi;
  /** card/qrcode/create: a QR code that adds one card or several. */
  readonly qrcodes: QrcodesApi;
  /** card/landingpage/create. */
  readonly landingPages: LandingPagesApi;
  /** card/testwhitelist/set: who may add cards not yet approved. */
  readonly testWhitelist: TestWhitelistApi;
  /** card/code/*: get, consume, decrypt, markUnavailable. */
  readonly codes: CodesApi;
  /** card/user/getcardlist. */
  readonly users: UsersApi;
  /**
   * Resolves once the refreshes running in the background have settled: await it before a
   * process exits (a refresh holding the Redis lock gets to finish) and in tests.
   */
  idle(): Promise<void>;
}

// How many upstream timeouts a process may hold a refresh lock for.
const LOCK_TIMEOUTS = 3;

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`wx-coupon: createWeChatApi needs ${name} (a non-empty string).`);
  return value;
}

/** apiBase's host; a TypeError at start-up for anything but an http(s) URL. */
function apiHost(apiBase: string): string {
  const url = URL.canParse(apiBase) ? new URL(apiBase) : null;
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url.hostname;
  throw new TypeError(`wx-coupon: createWeChatApi needs apiBase as an http(s) URL (e.g. http://127.0.0.1:5000 for the stand-in), not ${JSON.stringify(apiBase)}.`);
}

export function createWeChatApi(options: WeChatApiOptions): WeChatApi {
  const appId = requireText('appId', options.appId);
  const appSecret = requireText('appSecret', options.appSecret);
  const apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const useStableToken = options.useStableToken ?? true;
  const { timeoutMs, refreshAheadMs, clockSkewMs } = timingOptions(options);
  const busyRetries = options.busyRetries ?? 2;
  const busyRetryDelayMs = options.busyRetryDelayMs ?? 200;
  const logger = options.logger ?? silentLogger;

  // The default memory store answers at once; a shared one (Redis) may stop answering.
  const store = options.store ? timedStore(options.store, timeoutMs) : memoryStore({ clock });
  const cache = createCredentialCache({
    store,
    clock,
    refreshAheadMs,
    clockSkewMs,
    // Enough for a ticket fetch with its token fetch and one retry. Kept short on purpose: a
    // process that dies holding the lock stalls the others for this long (plus a quarter) at
    // most; a slower fetch may be repeated by another process, which costs a call, no more.
    lockTtlMs: Math.max(100, LOCK_TIMEOUTS * timeoutMs),
    logger,
  });

  const transport = createTransport({ appId, appSecret, apiBase, fetch: fetchImpl, timeoutMs, busyRetries, busyRetryDelayMs, logger });
  const { credential, authorizedCall } = createCredentials({ appId, appSecret, useStableToken, transport, cache, store, logger });
  const codes = createCodesApi(authorizedCall);
  // A logo URL counts as WeChat-hosted when it is on mmbiz.qpic.cn, on apiBase's host (the
  // stand-in answers uploadimg with its own URLs), or one this api's uploadImage answered.
  const uploadedHosts = new Set<string>([apiHost(apiBase)]);
  const media = createMediaApi(authorizedCall, (url) => {
    try {
      uploadedHosts.add(new URL(url).hostname);
    } catch {
      // Not a URL: validateCard will say so when it is used as a logo.
    }
  });
  const cards = createCardsApi(authorizedCall, { clock, imageHosts: () => [...uploadedHosts], logger, appId });

  return {
    appId,
    clock,
    credential,
    idle: () => cache.idle(),
    accessToken: async () => (await credential('access_token')).value,
    jsapiTicket: async () => (await credential('jsapi_ticket')).value,
    cardApiTicket: async () => (await credential('wx_card_ticket')).value,
    decryptCode: (encryptCode) => codes.decrypt(encryptCode),
    consumeCode: (input) => codes.consume(input),
    media,
    cards,
    qrcodes: createQrcodesApi(authorizedCall),
    landingPages: createLandingPagesApi(authorizedCall),
    testWhitelist: createTestWhitelistApi(authorizedCall),
    codes,
    users: createUsersApi(authorizedCall),
  };
}
