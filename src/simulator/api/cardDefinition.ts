// What card/create accepts: the checks WeChat makes on a coupon definition before it stores
// it, each answered with WeChat's errcode and a hint naming the field. The field rules are
// from WeChat's card documentation:
// https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Create_a_Coupon_Voucher_or_Card.html
import { WeChatError } from './errcodes';

/** The five coupon types (member cards, tickets and boarding passes are out of scope). */
export const COUPON_TYPES = ['GROUPON', 'CASH', 'DISCOUNT', 'GIFT', 'GENERAL_COUPON'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/** WeChat's card colours (base_info.color) and the RGB value the client paints for each. */
export const CARD_COLORS: Readonly<Record<string, string>> = {
  Color010: '#63b359',
  Color020: '#2c9f67',
  Color030: '#509fc9',
  Color040: '#5885cf',
  Color050: '#9062c0',
  Color060: '#d09a45',
  Color070: '#e4b138',
  Color080: '#ee903c',
  Color081: '#f08500',
  Color082: '#a9d92d',
  Color090: '#dd6549',
  Color100: '#cc463d',
  Color101: '#cf3e36',
  Color102: '#5e6671',
};

const CODE_TYPES = ['CODE_TYPE_TEXT', 'CODE_TYPE_BARCODE', 'CODE_TYPE_QRCODE', 'CODE_TYPE_ONLY_QRCODE', 'CODE_TYPE_ONLY_BARCODE', 'CODE_TYPE_NONE'];
/** The field each coupon type must carry besides base_info. */
const TYPE_FIELD: Record<CouponType, string> = { GROUPON: 'deal_detail', CASH: 'reduce_cost', DISCOUNT: 'discount', GIFT: 'gift', GENERAL_COUPON: 'default_detail' };
/** base_info string limits, in UTF-8 bytes as WeChat counts them (title string(27) = 9 汉字). */
const BYTE_LIMITS: Record<string, number> = { brand_name: 36, title: 27, notice: 48, description: 3072, sub_title: 54, service_phone: 24 };
const MAX_QUANTITY = 100_000_000;

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const isCount = (value: unknown, min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** The coupon's type and the object under its lower-cased key, or WeChat's errcode for a malformed `card`. */
export function couponOf(card: unknown): { cardType: CouponType; body: Json; baseInfo: Json } {
  if (!isObject(card)) throw new WeChatError(41011, 'card');
  const cardType = card.card_type;
  if (typeof cardType !== 'string') throw new WeChatError(41011, 'card.card_type');
  if (!(COUPON_TYPES as readonly string[]).includes(cardType)) throw new WeChatError(40071, `card_type ${cardType}`);
  const body = card[cardType.toLowerCase()];
  if (!isObject(body) || !isObject(body.base_info)) throw new WeChatError(41011, `card.${cardType.toLowerCase()}.base_info`);
  return { cardType: cardType as CouponType, body, baseInfo: body.base_info };
}

/** Checks a base_info the way card/create does; `partial` (card/update) checks only the fields present. */
export function checkBaseInfo(baseInfo: Json, partial = false): void {
  const required = ['logo_url', 'code_type', 'brand_name', 'title', 'color', 'notice', 'description', 'sku', 'date_info'];
  if (!partial) for (const field of required) if (baseInfo[field] === undefined || baseInfo[field] === '') throw new WeChatError(41011, `base_info.${field}`);
  for (const [field, limit] of Object.entries(BYTE_LIMITS)) {
    const value = baseInfo[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new WeChatError(47001, `base_info.${field} must be a string`);
    if (utf8Bytes(value) > limit) throw new WeChatError(45021, `base_info.${field} is ${utf8Bytes(value)} bytes, at most ${limit}`);
  }
  if (baseInfo.logo_url !== undefined && (typeof baseInfo.logo_url !== 'string' || !/^https?:\/\//.test(baseInfo.logo_url))) throw new WeChatError(47001, 'base_info.logo_url');
  if (baseInfo.color !== undefined && !(typeof baseInfo.color === 'string' && baseInfo.color in CARD_COLORS)) throw new WeChatError(47001, `invalid color ${String(baseInfo.color)}`);
  if (baseInfo.code_type !== undefined && !CODE_TYPES.includes(String(baseInfo.code_type))) throw new WeChatError(40072, `code_type ${String(baseInfo.code_type)}`);
  if (baseInfo.sku !== undefined && !partial) {
    if (!isObject(baseInfo.sku) || !isCount(baseInfo.sku.quantity, 0, MAX_QUANTITY)) throw new WeChatError(40122, `sku.quantity must be an integer from 0 to ${MAX_QUANTITY}`);
  }
  if (baseInfo.date_info !== undefined) checkDateInfo(baseInfo.date_info);
  if (baseInfo.get_limit !== undefined && !isCount(baseInfo.get_limit, 1, MAX_QUANTITY)) throw new WeChatError(47001, 'base_info.get_limit');
}

function checkDateInfo(dateInfo: unknown): void {
  if (!isObject(dateInfo)) throw new WeChatError(40079, 'date_info');
  if (dateInfo.type === 'DATE_TYPE_FIX_TIME_RANGE') {
    const { begin_timestamp: begin, end_timestamp: end } = dateInfo;
    if (!Number.isInteger(begin) || !Number.isInteger(end)) throw new WeChatError(40079, 'date_info.begin_timestamp / end_timestamp');
    if ((begin as number) >= (end as number)) throw new WeChatError(40100, 'date_info.begin_timestamp must be before end_timestamp');
  } else if (dateInfo.type === 'DATE_TYPE_FIX_TERM') {
    if (!isCount(dateInfo.fixed_term, 1, 36_500)) throw new WeChatError(40079, 'date_info.fixed_term must be at least 1');
    if (dateInfo.fixed_begin_term !== undefined && !isCount(dateInfo.fixed_begin_term, 0, 36_500)) throw new WeChatError(40079, 'date_info.fixed_begin_term');
  } else {
    throw new WeChatError(40079, `date_info.type ${String(dateInfo.type)}`);
  }
}

/** The whole card/create check: type, base_info, and the type's own field. */
export function checkCouponDefinition(card: unknown): { cardType: CouponType; body: Json; baseInfo: Json } {
  const coupon = couponOf(card);
  checkBaseInfo(coupon.baseInfo);
  const field = TYPE_FIELD[coupon.cardType];
  const value = coupon.body[field];
  if (value === undefined || value === '') throw new WeChatError(41011, `${coupon.cardType.toLowerCase()}.${field}`);
  if (coupon.cardType === 'DISCOUNT' && !isCount(value, 1, 99)) throw new WeChatError(47001, 'discount must be an integer from 1 to 99 (percent off)');
  if (coupon.cardType === 'CASH' && !isCount(value, 1, MAX_QUANTITY * 100)) throw new WeChatError(47001, 'reduce_cost must be a positive integer (fen)');
  return coupon;
}

/** Whether a card's validity covers `nowSeconds` (a fixed term starts on add, so it always does). */
export function coversNow(dateInfo: Json, nowSeconds: number): boolean {
  if (dateInfo.type !== 'DATE_TYPE_FIX_TIME_RANGE') return true;
  return (dateInfo.begin_timestamp as number) <= nowSeconds && nowSeconds < (dateInfo.end_timestamp as number);
}
