// Local validation of a card definition against WeChat's card/create rules, before any request:
// every issue at once, each naming the field (as a JSON path), the rule and the value found.
import type { CardValidationIssue } from '../errors/CardValidationError';
import { BASE_INFO_BOOLEANS, BASE_INFO_LIMITS, BASE_INFO_TEXT, DETAIL_MAX_BYTES, MAX_QUANTITY, MAX_TIMESTAMP, WECHAT_IMAGE_HOSTS } from './cardRules';
import { CARD_COLORS, CODE_TYPES, COUPON_TYPES, couponTypeKey, type CouponType } from './CardDefinition';

export interface ValidateCardOptions {
  /** Unix milliseconds; the clock the date range is checked against. Default `Date.now()`. */
  now?: number;
  /**
   * Hosts (besides mmbiz.qpic.cn) whose image URLs count as WeChat-hosted: createWeChatApi adds
   * its apiBase's host, so that a logo the stand-in's uploadimg answered with passes.
   */
  imageHosts?: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** The per-type field: name, and how it is checked. */
const TYPE_FIELDS: Record<CouponType, Array<{ field: string; kind: 'text' | 'fen' | 'discount'; required: boolean }>> = {
  GROUPON: [{ field: 'deal_detail', kind: 'text', required: true }],
  CASH: [
    { field: 'least_cost', kind: 'fen', required: true },
    { field: 'reduce_cost', kind: 'fen', required: true },
  ],
  DISCOUNT: [{ field: 'discount', kind: 'discount', required: true }],
  GIFT: [{ field: 'gift', kind: 'text', required: true }],
  GENERAL_COUPON: [{ field: 'default_detail', kind: 'text', required: true }],
};

class Issues {
  readonly list: CardValidationIssue[] = [];
  error(path: string, rule: string, value: unknown) {
    this.list.push({ path, rule, value, severity: 'error' });
  }
  warning(path: string, rule: string, value: unknown) {
    this.list.push({ path, rule, value, severity: 'warning' });
  }
}

function checkText(issues: Issues, path: string, value: unknown, maxBytes: number, required: boolean) {
  if (value === undefined) {
    if (required) issues.error(path, 'required', value);
    return;
  }
  if (typeof value !== 'string') return issues.error(path, 'a string', value);
  if (required && value.trim() === '') return issues.error(path, 'required (not empty)', value);
  const bytes = utf8Bytes(value);
  if (bytes > maxBytes) issues.error(path, `at most ${maxBytes} UTF-8 bytes (${Math.floor(maxBytes / 3)} 汉字); this is ${bytes}`, value);
}

function checkLogoUrl(issues: Issues, path: string, value: unknown, hosts: readonly string[]) {
  if (typeof value !== 'string' || value === '') return; // reported by checkText
  let host: string;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http');
    host = url.hostname;
  } catch {
    return issues.error(path, 'a WeChat-hosted image URL (what api.media.uploadImage answers), not a relative path or another scheme', value);
  }
  if (!hosts.includes(host)) issues.error(path, `a WeChat-hosted image URL (${WECHAT_IMAGE_HOSTS.join(', ')}): upload the logo with api.media.uploadImage and use the url it answers`, value);
}

function checkDateInfo(issues: Issues, path: string, value: unknown, now: number) {
  if (!isObject(value)) return issues.error(path, 'required: { type: "DATE_TYPE_FIX_TIME_RANGE", begin_timestamp, end_timestamp } or { type: "DATE_TYPE_FIX_TERM", fixed_term, fixed_begin_term }', value);
  if (value.type === 'DATE_TYPE_FIX_TIME_RANGE') {
    const { begin_timestamp: begin, end_timestamp: end } = value;
    let valid = true;
    for (const [name, stamp] of [['begin_timestamp', begin], ['end_timestamp', end]] as const) {
      if (!isInteger(stamp) || stamp < 0) {
        issues.error(`${path}.${name}`, 'a Unix timestamp in seconds (a whole number)', stamp);
        valid = false;
      } else if (stamp > MAX_TIMESTAMP) {
        issues.error(`${path}.${name}`, 'before 2038-01-19 (at most 2147483647)', stamp);
        valid = false;
      }
    }
    if (!valid) return;
    if ((begin as number) >= (end as number)) return issues.error(`${path}.end_timestamp`, `after begin_timestamp (${begin})`, end);
    const nowSeconds = Math.floor(now / 1000);
    if ((end as number) <= nowSeconds) issues.error(`${path}.end_timestamp`, `in the future: the range ended before now (${nowSeconds}), so no code could be redeemed`, end);
    else if ((begin as number) > nowSeconds) {
      issues.warning(`${path}.begin_timestamp`, `not after now (${nowSeconds}) if you mean to test it: redemption fails until the range begins`, begin);
    }
    return;
  }
  if (value.type === 'DATE_TYPE_FIX_TERM') {
    if (!isInteger(value.fixed_term) || value.fixed_term < 1) issues.error(`${path}.fixed_term`, 'a whole number of days, at least 1', value.fixed_term);
    if (value.fixed_begin_term !== undefined && (!isInteger(value.fixed_begin_term) || value.fixed_begin_term < 0)) {
      issues.error(`${path}.fixed_begin_term`, 'a whole number of days, at least 0 (0: valid from the day it is added)', value.fixed_begin_term);
    }
    if (value.end_timestamp !== undefined && (!isInteger(value.end_timestamp) || value.end_timestamp > MAX_TIMESTAMP)) {
      issues.error(`${path}.end_timestamp`, 'a Unix timestamp in seconds before 2038-01-19', value.end_timestamp);
    }
    return;
  }
  issues.error(`${path}.type`, 'one of DATE_TYPE_FIX_TIME_RANGE, DATE_TYPE_FIX_TERM', value.type);
}

/** `partial`: a card/update patch, where only the fields present are checked. */
function checkBaseInfo(issues: Issues, path: string, info: unknown, options: Required<ValidateCardOptions>, partial = false) {
  if (!isObject(info)) return issues.error(path, 'required: an object', info);
  const present = (field: string) => !partial || info[field] !== undefined;
  for (const rule of BASE_INFO_TEXT) checkText(issues, `${path}.${rule.field}`, info[rule.field], rule.maxBytes, rule.required && present(rule.field));
  checkLogoUrl(issues, `${path}.logo_url`, info.logo_url, options.imageHosts);
  if (present('code_type') && !(CODE_TYPES as readonly unknown[]).includes(info.code_type)) issues.error(`${path}.code_type`, `one of ${CODE_TYPES.join(', ')}`, info.code_type);
  if (present('color') && !(CARD_COLORS as readonly unknown[]).includes(info.color)) issues.error(`${path}.color`, `one of WeChat's colours ${CARD_COLORS[0]}…${CARD_COLORS[CARD_COLORS.length - 1]} (${CARD_COLORS.join(', ')})`, info.color);
  if (partial && info.sku !== undefined) issues.error(`${path}.sku`, 'not changed by card/update: use api.cards.modifyStock(cardId, ±N)', info.sku);
  else if (!partial) {
    const sku = info.sku;
    if (!isObject(sku)) issues.error(`${path}.sku`, 'required: { quantity }', sku);
    else if (!isInteger(sku.quantity) || sku.quantity < 0 || sku.quantity > MAX_QUANTITY) {
      issues.error(`${path}.sku.quantity`, `a whole number from 0 to ${MAX_QUANTITY.toLocaleString('en')}`, sku.quantity);
    }
  }
  if (present('date_info')) checkDateInfo(issues, `${path}.date_info`, info.date_info, options.now);
  for (const field of BASE_INFO_BOOLEANS) {
    if (info[field] !== undefined && typeof info[field] !== 'boolean') issues.error(`${path}.${field}`, 'true or false', info[field]);
  }
  for (const field of BASE_INFO_LIMITS) {
    if (info[field] !== undefined && (!isInteger(info[field]) || (info[field] as number) < 1)) issues.error(`${path}.${field}`, 'a whole number, at least 1', info[field]);
  }
  const locations = info.location_id_list;
  if (locations !== undefined) {
    if (!Array.isArray(locations)) issues.error(`${path}.location_id_list`, 'an array of store (POI) ids, numbers', locations);
    else locations.forEach((id, i) => {
      if (!isInteger(id) || id < 0) issues.error(`${path}.location_id_list[${i}]`, 'a store (POI) id: a whole number, not a string', id);
    });
  }
}

function checkTypeFields(issues: Issues, path: string, type: CouponType, body: Json, partial = false) {
  for (const { field, kind, required } of TYPE_FIELDS[type]) {
    const value = body[field];
    if (partial && value === undefined) continue;
    const at = `${path}.${field}`;
    if (kind === 'text') checkText(issues, at, value, DETAIL_MAX_BYTES, required);
    else if (kind === 'fen') {
      const min = field === 'reduce_cost' ? 1 : 0;
      if (!isInteger(value) || value < min) issues.error(at, `an amount in fen (分), a whole number${min ? ', at least 1' : ', at least 0 (0: no minimum spend)'}; 10 元 is 1000`, value);
    } else if (!isInteger(value) || value < 1 || value > 99) {
      issues.error(at, 'the percentage off, a whole number from 1 to 99 (30 = 30% off, i.e. pay 70%)', value);
    }
  }
}

function resolve(options: ValidateCardOptions): Required<ValidateCardOptions> {
  return { now: options.now ?? Date.now(), imageHosts: [...WECHAT_IMAGE_HOSTS, ...(options.imageHosts ?? [])] };
}

/**
 * Every rule of WeChat's card/create that `card` breaks: [] when WeChat should accept it.
 * Takes the `card` object (`{ card_type, groupon: {…} }`) or the whole request body
 * (`{ card: {…} }`). Issues with severity `warning` do not stop api.cards.create.
 */
export function validateCard(card: unknown, options: ValidateCardOptions = {}): CardValidationIssue[] {
  const resolved = resolve(options);
  const issues = new Issues();
  const inner = isObject(card) && isObject(card.card) ? card.card : card;
  if (!isObject(inner)) {
    issues.error('card', 'a card definition: { card_type, <type>: { base_info, … } }', card);
    return issues.list;
  }
  const type = inner.card_type;
  if (!(COUPON_TYPES as readonly unknown[]).includes(type)) {
    issues.error('card.card_type', `one of the coupon types ${COUPON_TYPES.join(', ')} (member cards are not supported)`, type);
    return issues.list;
  }
  const key = couponTypeKey(type as CouponType);
  const body = inner[key];
  if (!isObject(body)) {
    issues.error(`card.${key}`, `required for card_type ${String(type)}: the object under "${key}" with base_info and the type's fields`, body);
    return issues.list;
  }
  checkBaseInfo(issues, `card.${key}.base_info`, body.base_info, resolved);
  if (body.advanced_info !== undefined && !isObject(body.advanced_info)) issues.error(`card.${key}.advanced_info`, 'an object', body.advanced_info);
  checkTypeFields(issues, `card.${key}`, type as CouponType, body);
  return issues.list;
}

/**
 * The rules a card/update patch breaks, for the fields it has: the same limits as card/create
 * (`{ groupon: { base_info: { title } } }` is checked as a title). The patch has exactly one
 * type key; `sku` is refused (stock changes go through modifyStock).
 */
export function validateCardPatch(patch: unknown, options: ValidateCardOptions = {}): CardValidationIssue[] {
  const issues = new Issues();
  const keys = isObject(patch) ? Object.keys(patch) : [];
  const types = COUPON_TYPES.filter((type) => keys.includes(couponTypeKey(type)));
  if (!isObject(patch) || keys.length !== 1 || types.length !== 1) {
    issues.error('patch', `one key, the card's type: ${COUPON_TYPES.map(couponTypeKey).join(', ')}; e.g. { groupon: { base_info: { title } } }`, patch);
    return issues.list;
  }
  const type = types[0]!;
  const key = couponTypeKey(type);
  const body = patch[key];
  if (!isObject(body)) {
    issues.error(`patch.${key}`, 'an object', body);
    return issues.list;
  }
  if (body.base_info !== undefined) checkBaseInfo(issues, `patch.${key}.base_info`, body.base_info, resolve(options), true);
  checkTypeFields(issues, `patch.${key}`, type, body, true);
  return issues.list;
}
