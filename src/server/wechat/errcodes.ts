// The one table of WeChat errcodes wx-coupon knows: what kind of failure each is, how the
// transport treats it (retry with backoff, refresh the token once, or neither), whether a
// failed credential fetch with it is remembered (cache/rememberedFailure), and what a merchant
// developer should do, in zh-CN and English. Retry, remembered failure and the handler's error
// responses all read it; no other file lists errcodes.
//
// Sources: WeChat's card errcode page
// https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Card_coupons_error_code.html
// and the global return codes
// https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html

export type ErrcodeKind =
  /** -1: WeChat is busy. */
  | 'busy'
  /** The access_token was not accepted (invalid, not the latest, expired). */
  | 'token_rejected'
  /** Our setup is wrong: appId, appSecret, IP whitelist, permissions. */
  | 'setup'
  /** A daily quota or a rate limit. */
  | 'quota'
  /** The request itself is wrong (a field, a card_id, a state the card is not in). */
  | 'bad_request'
  /** The card_id is not one of this account's cards. */
  | 'unknown_card'
  /** The code (or encrypt_code) is not one WeChat knows. */
  | 'unknown_code'
  /** The code was redeemed already. */
  | 'already_consumed'
  /** The code was deleted by the user, is being given to a friend, or was made unavailable. */
  | 'code_unavailable'
  /** An errcode not in this table. */
  | 'unlisted';

export type ErrcodeRetry =
  /** Retried with exponential backoff, unless the call must not repeat (see transport). */
  | 'backoff'
  /** The token is refreshed once and the call retried once. */
  | 'refresh_token'
  | 'none';

export type HintLanguage = 'zh-CN' | 'en';

export interface ErrcodeEntry {
  errcode: number;
  kind: ErrcodeKind;
  retry: ErrcodeRetry;
  /**
   * Whether a credential fetch that failed with it is remembered for a while (so that each
   * request does not ask WeChat again): true for answers that will be the same in a moment.
   */
  remembered: boolean;
  /** The client's doing (a mistyped or forged code): logged at debug, not warn. */
  callerCaused: boolean;
  hint: Record<HintLanguage, string>;
}

type Row = [kind: ErrcodeKind, zh: string, en: string];

const TOKEN_REJECTED_HINT: Record<HintLanguage, string> = {
  'zh-CN':
    'access_token 未被接受；已刷新一次并重试一次，而强制刷新最多每 75 分钟一次（微信每天只允许 20 次）。若持续出现，可能有另一台服务器用 cgi-bin/token 为同一 appId 获取 token，或 token 已在平台上被重置',
  // Says why a request can fail with it although the token was refreshed: the refresh may
  // not be forced more than once per 75 minutes (see cache/forcedRefreshLimit).
  en: 'access_token not accepted; it is refreshed once and the call retried once, and a refresh is forced at most every 75 minutes since WeChat allows 20 a day. If this persists, another server may be fetching tokens for this appId with cgi-bin/token, or the token was reset on the platform',
};

const ROWS: Record<number, Row> = {
  40013: ['setup', '检查 appId', 'check appId'],
  40125: ['setup', '检查 appSecret；它可能已在平台上被重置', 'check appSecret; it may have been reset on the platform'],
  40164: ['setup', '把本服务器的出口 IP 加入平台上的 API IP 白名单', "add this server's outgoing IP to the API IP whitelist on the platform"],
  48001: ['setup', '该公众号没有此接口的权限：在公众平台开通卡券功能（需认证）', 'this account may not call this API: enable 卡券 (Cards & Offers) on the platform (needs a verified account)'],
  45009: ['quota', '当日接口调用次数已用完；请集中缓存 token 和 ticket（例如 redisStore），等待次日重置', 'daily API quota reached; cache tokens and tickets centrally, e.g. with redisStore, and wait for the reset'],
  40009: ['bad_request', '图片文件过大：logo 须为 1 MB 以内的 JPG/PNG', 'the image is too large: a logo must be a JPG/PNG under 1 MB'],
  40005: ['bad_request', '不支持的文件类型：只能上传 JPG/PNG', 'unsupported file type: upload a JPG or PNG'],
  40053: ['bad_request', '二维码的 action_info 不合法：检查 card_id 等参数', 'invalid action_info for the QR code: check card_id and the other fields'],
  40071: ['bad_request', '卡券类型不合法（card_type）', 'invalid card type (card_type)'],
  40072: ['bad_request', '编码方式不合法（code_type）', 'invalid code type (code_type)'],
  40073: ['unknown_card', '不合法的 card_id：该卡券不存在或不属于此公众号', 'invalid card_id: no such card for this account'],
  40078: ['bad_request', '卡券状态不合法：例如卡券尚未审核通过，而未通过审核的卡券只能由测试白名单用户领取', 'invalid card status: e.g. the card is not approved yet, and only test-whitelisted users can add an unapproved card'],
  40079: ['bad_request', '时间不合法：检查 date_info', 'invalid time: check date_info'],
  40080: ['bad_request', 'card_ext 不合法：检查签名和字段', 'invalid card_ext: check its signature and fields'],
  40100: ['bad_request', '时间区间不合法：begin_timestamp 须早于 end_timestamp，且有效期应覆盖当前时间', 'invalid date range: begin_timestamp must be before end_timestamp, and the range should cover now'],
  40116: ['unknown_code', 'Code 码不合法', 'invalid code'],
  40122: ['bad_request', '库存数量不合法：库存不能减到 0 以下，且不超过 100000000', 'invalid stock quantity: stock cannot go below 0 or above 100,000,000'],
  40127: ['code_unavailable', '卡券已被用户删除或正在转赠中', 'the coupon was deleted by the user or is being given to a friend'],
  41011: ['bad_request', '缺少必填字段', 'a required field is missing'],
  41012: ['bad_request', '缺少 card_id 参数', 'card_id is missing'],
  45021: ['bad_request', '字段超过长度限制（按 UTF-8 字节计算）', 'a field is longer than allowed (counted in UTF-8 bytes)'],
  45030: ['setup', '该 card_id 无接口权限：卡券不是由此公众号创建的', 'no API permission for this card_id: the card was not created by this account'],
  45031: ['bad_request', '库存为 0：用 modifyStock 增加库存', 'the stock is 0: add stock with modifyStock'],
  45033: ['bad_request', '用户领取次数超过 get_limit', 'the user has added this card get_limit times already'],
  43009: ['setup', '无自定义 Code（SN）权限，请前往公众平台申请', 'no custom-code (SN) permission; apply for it on the platform'],
  40056: ['unknown_code', '微信不认识这个 code 或 encrypt_code', 'WeChat does not know this code or encrypt_code'],
  40099: ['already_consumed', '该 code 已被核销', 'this code has already been consumed'],
};

/**
 * What card/create answers a coupon (优惠券) type with since WeChat stopped creating new ones
 * (2021-04-01) is not documented, and could not be checked without an account that is refused
 * (see README): 48001 (api unauthorized) and 40071 (invalid card type), for a card_type that
 * validated locally, are read as that refusal (NewCouponsRefusedError).
 */
export const NEW_COUPON_REFUSAL_ERRCODES: ReadonlySet<number> = new Set([48001, 40071]);

function entryOf(errcode: number, kind: ErrcodeKind, hint: Record<HintLanguage, string>): ErrcodeEntry {
  const callerCaused = kind === 'unknown_code';
  // -1 has its backoff and a refused token its refresh; everything else WeChat answers with
  // will be the same in a moment.
  const retry: ErrcodeRetry = kind === 'busy' ? 'backoff' : kind === 'token_rejected' ? 'refresh_token' : 'none';
  return { errcode, kind, retry, remembered: retry === 'none', callerCaused, hint };
}

const TABLE = new Map<number, ErrcodeEntry>([
  [-1, entryOf(-1, 'busy', { 'zh-CN': '微信繁忙；已退避重试，请稍后再试', en: 'WeChat is busy; retried with backoff, try again later' })],
  ...[40001, 40014, 42001].map((errcode) => [errcode, entryOf(errcode, 'token_rejected', TOKEN_REJECTED_HINT)] as const),
  ...Object.entries(ROWS).map(([errcode, [kind, zh, en]]) => [Number(errcode), entryOf(Number(errcode), kind, { 'zh-CN': zh, en })] as const),
]);

/** The table's entry for `errcode`; an errcode it does not list is `unlisted`, not retried, remembered. */
export function errcodeEntry(errcode: number): ErrcodeEntry {
  return TABLE.get(errcode) ?? { ...entryOf(errcode, 'unlisted', { 'zh-CN': '', en: '' }) };
}

/** The hint for `errcode`, '' when the table does not list it. */
export function errcodeHint(errcode: number, lang: HintLanguage = 'zh-CN'): string {
  return TABLE.get(errcode)?.hint[lang] ?? '';
}

/**
 * What `errcode` means and what to do, for people: zh-CN by default. An errcode the table does
 * not list gets a pointer to WeChat's global return codes.
 */
export function describeErrcode(errcode: number, lang: HintLanguage = 'zh-CN'): string {
  const hint = errcodeHint(errcode, lang);
  if (hint) return hint;
  return lang === 'en'
    ? `errcode ${errcode} is not in wx-coupon's table; see WeChat's global return codes (https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html)`
    : `wx-coupon 的错误码表中没有 errcode ${errcode}；请查阅微信全局返回码（https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html）`;
}

/** Every errcode the table lists, for docs and tests. */
export function listedErrcodes(): ErrcodeEntry[] {
  return [...TABLE.values()];
}
