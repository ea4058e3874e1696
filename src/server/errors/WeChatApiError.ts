/**
 * WeChat answered a call with a non-zero `errcode` (it does so with HTTP 200). The message names
 * the API path and the errcode, never the query string: that is where the secret and the
 * access_token travel.
 */
export class WeChatApiError extends Error {
  override readonly name = 'WeChatApiError';
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path that answered, e.g. `cgi-bin/ticket/getticket`. */
  readonly path: string;

  constructor(errcode: number, errmsg: string, path: string) {
    super(`WeChat API ${path} answered errcode ${errcode}: ${errmsg}${hintFor(errcode)}`);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.path = path;
  }
}

/** What a merchant developer should do about the errcodes people actually meet. */
export function hintFor(errcode: number): string {
  switch (errcode) {
    case -1:
      return ' (WeChat is busy; retried with backoff, try again later)';
    case 40001:
    case 40014:
    case 42001:
      // Says why a request can fail with it although the token was refreshed: the refresh may
      // not be forced more than once per 75 minutes (see cache/forcedRefreshLimit).
      return ' (access_token not accepted; it is refreshed once and the call retried once, and a refresh is forced at most every 75 minutes since WeChat allows 20 a day. If this persists, another server may be fetching tokens for this appId with cgi-bin/token, or the token was reset on the platform)';
    case 40013:
      return ' (check appId)';
    case 40125:
      return ' (check appSecret; it may have been reset on the platform)';
    case 40164:
      return " (add this server's outgoing IP to the API IP whitelist on the platform)";
    case 45009:
      return ' (daily API quota reached; cache tokens and tickets centrally, e.g. with redisStore, and wait for the reset)';
    default:
      return '';
  }
}
