import { createCredentialCache, type Credential, type FetchedCredential } from './cache/credentialCache';
import { FORCED_REFRESH_INTERVAL_MS, mayForceRefresh } from './cache/forcedRefreshLimit';
import { memoryStore } from './cache/memoryStore';
import { timedStore } from './cache/timedStore';
import type { TokenStore } from './cache/TokenStore';
import { UpstreamHttpError } from './errors/UpstreamHttpError';
import { UpstreamTimeoutError } from './errors/UpstreamTimeoutError';
import { WeChatApiError } from './errors/WeChatApiError';
import { untilAborted } from './http/untilAborted';
import { silentLogger, type Logger } from './logger';
import { sleep } from './sleep';
import { timingOptions } from './timingOptions';
import { readErrcode } from './wechat/readErrcode';
import { describeFailure, redact } from './wechat/redact';

export type { Credential } from './cache/credentialCache';

export interface WeChatApiOptions {
  appId: string;
  /** Stays inside this closure: it is never put in an error, a log line or a response. */
  appSecret: string;
  /** Default `https://api.weixin.qq.com`; the stand-in's URL in tests and the demo. */
  apiBase?: string;
  /**
   * Where token and tickets are cached; in memory by default, `redisStore(client)` for several
   * processes. Each call on it is given `timeoutMs`, then fails with a StoreTimeoutError (time
   * this process spent blocked, as on a cold burst, is given back, up to another `timeoutMs`).
   */
  store?: TokenStore;
  /** Default: the global `fetch`. The stand-in's `fetch` works here without a socket. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
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

export type CredentialName = 'access_token' | 'jsapi_ticket' | 'wx_card_ticket';

export interface ConsumedCode {
  code: string;
  cardId: string | null;
  openid: string | null;
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
  /** The real code behind an `encrypt_code` (`card/code/decrypt`). */
  decryptCode(encryptCode: string): Promise<string>;
  /** Redeem a code (`card/code/consume`); errcode 40099 when it was already consumed. */
  consumeCode(input: { code: string; cardId?: string }): Promise<ConsumedCode>;
  /**
   * Resolves once the refreshes running in the background have settled: await it before a
   * process exits (a refresh holding the Redis lock gets to finish) and in tests.
   */
  idle(): Promise<void>;
}

// WeChat's "this access_token is not (or no longer) valid" answers: refresh once, retry once.
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
// card/code/decrypt and consume: WeChat does not know this code.
const UNKNOWN_CODE = 40056;
// How many upstream timeouts a process may hold a refresh lock for.
const LOCK_TIMEOUTS = 3;

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`wx-coupon: createWeChatApi needs ${name} (a non-empty string).`);
  return value;
}

export function createWeChatApi(options: WeChatApiOptions): WeChatApi {
  const appId = requireText('appId', options.appId);
  const appSecret = requireText('appSecret', options.appSecret);
  const apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const fetchImpl = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
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

  // What a call's errors and log lines must not quote: the secret and the call's access_token.
  const secretsOf = (query: Record<string, string>) => [appSecret, query.access_token];

  async function callOnce(path: string, query: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
    const search = new URLSearchParams(query).toString();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    // Raced, not only signalled: a custom fetch, or its answer's body, may ignore the abort.
    const bounded = <T>(work: Promise<T>) => untilAborted(work, controller.signal);
    try {
      let response: Response;
      try {
        response = await bounded(
          fetchImpl(`${apiBase}/${path}${search ? `?${search}` : ''}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: controller.signal,
          }),
        );
      } catch (error) {
        if (controller.signal.aborted) throw new UpstreamTimeoutError(path, timeoutMs);
        throw new UpstreamHttpError(path, 0, describeFailure(error, secretsOf(query)));
      }
      if (!response.ok) {
        void response.body?.cancel().catch(() => {});
        throw new UpstreamHttpError(path, response.status, 'not the JSON answer WeChat gives');
      }
      let data: unknown;
      try {
        data = await bounded(response.json());
      } catch (error) {
        if (controller.signal.aborted) throw new UpstreamTimeoutError(path, timeoutMs);
        throw new UpstreamHttpError(path, response.status, `the answer is not JSON (${describeFailure(error, secretsOf(query))})`);
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new UpstreamHttpError(path, response.status, 'the answer is not a JSON object');
      }
      const answer = data as Record<string, unknown>;
      const reading = readErrcode(answer);
      if (reading.kind === 'malformed') throw new UpstreamHttpError(path, response.status, reading.detail);
      if (reading.kind === 'error') throw new WeChatApiError(reading.errcode, redact(String(answer.errmsg ?? ''), secretsOf(query)), path);
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One API call; errcode -1 (busy) is retried with backoff unless the call must not repeat. */
  async function call(path: string, query: Record<string, string>, body?: unknown, idempotent = true): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await callOnce(path, query, body);
      } catch (error) {
        if (!(error instanceof WeChatApiError) || error.errcode !== -1 || !idempotent || attempt >= busyRetries) {
          // An unknown code (a mistyped or forged encrypt_code) is the caller's doing, not a
          // server problem: anyone could fill the log at warn level with them.
          const level = error instanceof WeChatApiError && error.errcode === UNKNOWN_CODE ? 'debug' : 'warn';
          logger[level]?.('wx-coupon: WeChat API call failed', { appId, path, error: (error as Error).message });
          throw error;
        }
        logger.info?.('wx-coupon: WeChat busy (errcode -1), retrying', { appId, path, attempt: attempt + 1 });
        await sleep(busyRetryDelayMs * 2 ** attempt);
      }
    }
  }

  function credentialFrom(answer: Record<string, unknown>, field: string, path: string): FetchedCredential {
    const value = answer[field];
    const expiresIn = Number(answer.expires_in);
    if (typeof value !== 'string' || value === '' || !(expiresIn > 0)) {
      throw new UpstreamHttpError(path, 200, `the answer lacks ${field} or expires_in`);
    }
    logger.info?.(`wx-coupon: fetched ${field}`, { appId, path, expiresIn });
    return { value, expiresInSeconds: expiresIn };
  }

  async function fetchToken(forceRefresh = false): Promise<FetchedCredential> {
    if (useStableToken) {
      const path = 'cgi-bin/stable_token';
      const body = { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: forceRefresh };
      return credentialFrom(await call(path, {}, body), 'access_token', path);
    }
    const path = 'cgi-bin/token';
    return credentialFrom(await call(path, { grant_type: 'client_credential', appid: appId, secret: appSecret }), 'access_token', path);
  }

  /**
   * A token to replace one WeChat refused. Normal mode first: after an expiry it brings a new
   * token, and force_refresh knocks out the token that other servers on stable_token still use
   * and is limited to 20 a day. Only when stable_token hands back the very token WeChat refused
   * is the refresh forced, and only once per FORCED_REFRESH_INTERVAL_MS across the processes
   * sharing the store: when WeChat keeps refusing, `refusal` (its answer to the call) is thrown
   * instead, so that the request fails with WeChat's errcode rather than spending the day's 20.
   * The cache runs this once per refused token, across processes too.
   */
  async function fetchTokenReplacing(rejected: string, refusal: WeChatApiError): Promise<FetchedCredential> {
    const fetched = await fetchToken();
    if (!useStableToken || fetched.value !== rejected) return fetched;
    if (!(await mayForceRefresh(store, key('access_token')))) {
      logger.warn?.('wx-coupon: stable_token handed back the access_token WeChat refused, and a refresh was forced less than the interval ago; not forcing again', {
        appId,
        errcode: refusal.errcode,
        intervalMinutes: FORCED_REFRESH_INTERVAL_MS / 60_000,
      });
      throw refusal;
    }
    logger.warn?.('wx-coupon: stable_token handed back the access_token WeChat refused; forcing a refresh', { appId });
    return fetchToken(true);
  }

  const key = (name: CredentialName) => `${appId}:${name}`;
  const token = () => cache.get(key('access_token'), () => fetchToken());
  const tokenReplacing = (rejected: string, refusal: WeChatApiError) =>
    cache.get(key('access_token'), () => fetchTokenReplacing(rejected, refusal), rejected);

  /** Run `work` with the cached token; if WeChat rejects that token, refresh it once and retry once. */
  async function withToken<T>(work: (accessToken: string) => Promise<T>): Promise<T> {
    const { value } = await token();
    try {
      return await work(value);
    } catch (error) {
      if (!(error instanceof WeChatApiError) || !TOKEN_REJECTED.has(error.errcode)) throw error;
      logger.warn?.('wx-coupon: access_token rejected, refreshing once', { appId, errcode: error.errcode });
      return work((await tokenReplacing(value, error)).value);
    }
  }

  const fetchTicket = (type: 'jsapi' | 'wx_card') => () =>
    withToken(async (accessToken) => {
      const path = 'cgi-bin/ticket/getticket';
      return credentialFrom(await call(path, { access_token: accessToken, type }), 'ticket', path);
    });
  const fetchers: Record<CredentialName, () => Promise<FetchedCredential>> = {
    access_token: () => fetchToken(),
    jsapi_ticket: fetchTicket('jsapi'),
    wx_card_ticket: fetchTicket('wx_card'),
  };
  const credential = (name: CredentialName) => cache.get(key(name), fetchers[name]);

  return {
    appId,
    clock,
    credential,
    idle: () => cache.idle(),
    accessToken: async () => (await credential('access_token')).value,
    jsapiTicket: async () => (await credential('jsapi_ticket')).value,
    cardApiTicket: async () => (await credential('wx_card_ticket')).value,

    async decryptCode(encryptCode) {
      if (typeof encryptCode !== 'string' || encryptCode === '') throw new TypeError('wx-coupon: decryptCode needs the encrypt_code string.');
      const path = 'card/code/decrypt';
      const answer = await withToken((accessToken) => call(path, { access_token: accessToken }, { encrypt_code: encryptCode }));
      if (typeof answer.code !== 'string' || answer.code === '') throw new UpstreamHttpError(path, 200, 'the answer lacks code');
      return answer.code;
    },

    async consumeCode({ code, cardId }) {
      if (typeof code !== 'string' || code === '') throw new TypeError('wx-coupon: consumeCode needs the code.');
      const path = 'card/code/consume';
      // Not retried on "busy": a consume that went through before the busy answer would come
      // back as "already consumed" and hide the redemption that did happen.
      const answer = await withToken((accessToken) =>
        call(path, { access_token: accessToken }, cardId === undefined ? { code } : { code, card_id: cardId }, false),
      );
      // WeChat confirms a redemption with errcode 0. An answer without one (a proxy's JSON, a
      // changed API) confirms nothing, and staff must not be told the code was redeemed.
      const confirmation = readErrcode(answer, { required: true });
      if (confirmation.kind !== 'success') {
        throw new UpstreamHttpError(path, 200, 'the answer does not confirm the consume (no errcode 0)');
      }
      const card = answer.card as { card_id?: unknown } | undefined;
      return {
        code,
        cardId: typeof card?.card_id === 'string' ? card.card_id : (cardId ?? null),
        openid: typeof answer.openid === 'string' ? answer.openid : null,
      };
    },
  };
}
