// access_token, jsapi_ticket and the card api_ticket: fetched from WeChat, kept in the shared
// cache, and the token replaced when WeChat refuses it.
import type { Credential, CredentialCache, FetchedCredential } from '../cache/credentialCache';
import { FORCED_REFRESH_INTERVAL_MS, mayForceRefresh } from '../cache/forcedRefreshLimit';
import type { TokenStore } from '../cache/TokenStore';
import { UpstreamHttpError } from '../errors/UpstreamHttpError';
import type { WeChatApiError } from '../errors/WeChatApiError';
import type { Logger } from '../logger';
import type { Answer, AuthorizedCall, TokenSource, Transport } from './transport';

export type CredentialName = 'access_token' | 'jsapi_ticket' | 'wx_card_ticket';

export interface CredentialsOptions {
  appId: string;
  appSecret: string;
  useStableToken: boolean;
  transport: Transport;
  cache: CredentialCache;
  store: TokenStore;
  logger: Logger;
}

export interface Credentials {
  credential(name: CredentialName): Promise<Credential>;
  /** The token for authorized calls, and its replacement when WeChat refuses it. */
  tokens: TokenSource;
  /** Calls carrying the token: what every API family is built on. */
  authorizedCall: AuthorizedCall;
}

export function createCredentials(options: CredentialsOptions): Credentials {
  const { appId, appSecret, useStableToken, transport, cache, store, logger } = options;

  function credentialFrom(answer: Answer, field: string, path: string): FetchedCredential {
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
      return credentialFrom(await transport.call(path, { body }), 'access_token', path);
    }
    const path = 'cgi-bin/token';
    return credentialFrom(await transport.call(path, { query: { grant_type: 'client_credential', appid: appId, secret: appSecret } }), 'access_token', path);
  }

  const key = (name: CredentialName) => `${appId}:${name}`;

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

  const tokens: TokenSource = {
    current: async () => (await cache.get(key('access_token'), () => fetchToken())).value,
    replacing: async (rejected, refusal) => (await cache.get(key('access_token'), () => fetchTokenReplacing(rejected, refusal), rejected)).value,
  };
  const authorizedCall = transport.authorized(tokens);

  const fetchTicket = (type: 'jsapi' | 'wx_card') => async () => {
    const path = 'cgi-bin/ticket/getticket';
    return credentialFrom(await authorizedCall(path, undefined, { query: { type } }), 'ticket', path);
  };
  const fetchers: Record<CredentialName, () => Promise<FetchedCredential>> = {
    access_token: () => fetchToken(),
    jsapi_ticket: fetchTicket('jsapi'),
    wx_card_ticket: fetchTicket('wx_card'),
  };

  return {
    credential: (name) => cache.get(key(name), fetchers[name]),
    tokens,
    authorizedCall,
  };
}
