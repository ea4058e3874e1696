// Every errcode the stand-in answers, with WeChat's errmsg and where the code comes from.
// Sources:
//   [G] Global return codes, https://developers.weixin.qq.com/doc/oplatform/developers/errCode
//       (formerly offiaccount/Getting_Started/Global_Return_Code.html)
//   [C] Card error codes, https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Card_coupons_error_code.html
//   [R] Real answers quoted on WeChat's developer community, e.g. 40073 "invalid card id"
//       (https://developers.weixin.qq.com/community/pay/doc/0006e08d67c8986dddad647805b000),
//       40099 "invalid code, this code has consumed." and 40056 "invalid serial code".
//   [A] Assumed: WeChat documents no dedicated code for this case; the nearest documented one.
export const ERRCODES = {
  [-1]: { errmsg: 'system error', source: 'G' },
  40001: { errmsg: 'invalid credential, access_token is invalid or not latest', source: 'G' },
  40002: { errmsg: 'invalid grant_type', source: 'G' },
  40003: { errmsg: 'invalid openid', source: 'G' }, // getcardlist / testwhitelist with a malformed openid
  40005: { errmsg: 'invalid file type', source: 'G' }, // uploadimg: not jpg/png
  40009: { errmsg: 'invalid image size', source: 'C' }, // uploadimg: over 1 MB
  40013: { errmsg: 'invalid appid', source: 'G' },
  40053: { errmsg: 'invalid action info', source: 'C' }, // qrcode/create: bad action_name / action_info
  40056: { errmsg: 'invalid serial code', source: 'C' }, // a code this app never issued; [A] also an unavailable code
  40071: { errmsg: 'invalid card type', source: 'C' },
  40072: { errmsg: 'invalid code type', source: 'C' },
  40073: { errmsg: 'invalid card id', source: 'R' }, // unknown, deleted or malformed card_id
  40078: { errmsg: 'invalid card status', source: 'C' }, // [A] a card not approved, added by a user off the test whitelist
  40079: { errmsg: 'invalid time', source: 'C' }, // date_info malformed
  40080: { errmsg: 'invalid card_ext', source: 'C' }, // card_ext.code / card_ext.openid that do not fit the card or the user
  40097: { errmsg: 'invalid args', source: 'G' },
  40099: { errmsg: 'invalid code, this code has consumed.', source: 'R' },
  40100: { errmsg: 'invalid time range', source: 'C' }, // date_info begin >= end, or not covering now on add
  40116: { errmsg: 'invalid code', source: 'C' }, // [A] a custom code already issued
  40122: { errmsg: 'invalid quantity', source: 'C' }, // sku.quantity / modifystock out of range
  40125: { errmsg: 'invalid appsecret', source: 'G' },
  40127: { errmsg: 'the card has been deleted or is being gifted by the user', source: 'C' },
  41001: { errmsg: 'access_token missing', source: 'G' },
  41011: { errmsg: 'missing required fields', source: 'C' },
  41012: { errmsg: 'missing card id', source: 'C' },
  42001: { errmsg: 'access_token expired', source: 'G' },
  43001: { errmsg: 'require GET method', source: 'G' },
  43002: { errmsg: 'require POST method', source: 'G' },
  45009: { errmsg: 'reach max api daily quota limit', source: 'G' },
  45021: { errmsg: 'field length out of limit', source: 'C' },
  45031: { errmsg: 'stock is zero', source: 'C' },
  45033: { errmsg: 'user get card num exceed get_limit', source: 'C' },
  47001: { errmsg: 'data format error', source: 'G' }, // malformed JSON, wrong types, invalid color ([A])
} as const satisfies Record<number, { errmsg: string; source: 'G' | 'C' | 'R' | 'A' }>;

export type StandInErrcode = keyof typeof ERRCODES;

/** An answer `{ errcode, errmsg }` WeChat would give instead of doing the call. */
export class WeChatError extends Error {
  constructor(
    readonly errcode: number,
    /** What was wrong, appended as WeChat appends its hints (never secrets). */
    detail?: string,
  ) {
    const base = (ERRCODES as Record<number, { errmsg: string }>)[errcode]?.errmsg ?? 'error';
    super(detail ? `${base} hint: [${detail}]` : base);
  }
}

export const errmsgOf = (errcode: number): string => (ERRCODES as Record<number, { errmsg: string }>)[errcode]?.errmsg ?? 'error';
