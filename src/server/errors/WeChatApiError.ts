import { errcodeHint } from '../wechat/errcodes';
import { ServerError } from './ServerError';

/**
 * WeChat answered a call with a non-zero `errcode` (it does so with HTTP 200). The message names
 * the API path, the errcode and what to do about it (from the errcode table), never the query
 * string: that is where the secret and the access_token travel.
 */
export class WeChatApiError extends ServerError<'wechat_api_error' | 'new_coupons_refused'> {
  override readonly name: string = 'WeChatApiError';
  readonly code: 'wechat_api_error' | 'new_coupons_refused' = 'wechat_api_error';
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path that answered, e.g. `cgi-bin/ticket/getticket`. */
  readonly path: string;

  constructor(errcode: number, errmsg: string, path: string, message?: string) {
    super(message ?? `WeChat API ${path} answered errcode ${errcode}: ${errmsg}${hintFor(errcode)}`);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.path = path;
  }
}

/** The English hint in parentheses, for messages; '' for an errcode the table does not know. */
export function hintFor(errcode: number): string {
  const hint = errcodeHint(errcode, 'en');
  return hint ? ` (${hint})` : '';
}
