// The three WeChat signatures (spec §4): lowercase hex SHA-1 over Web Crypto, so they run in
// Node ≥ 20, edge runtimes and (for the simulator) browsers alike.
import { withoutHash } from '../utils/withoutHash';

export interface JsapiSignatureInput {
  /** `jsapi_ticket` (getticket?type=jsapi). */
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  /** The page URL as the browser has it; `#…` is dropped, the query is kept byte for byte. */
  url: string;
}

export interface CardExtSignatureInput {
  /** The card `api_ticket` (getticket?type=wx_card), not the jsapi ticket. */
  apiTicket: string;
  cardId: string;
  timestamp: number | string;
  nonceStr: string;
  code?: string;
  openid?: string;
}

export interface ChooseCardSignatureInput {
  apiTicket: string;
  appId: string;
  timestamp: number | string;
  nonceStr: string;
  /** `location_id` in WeChat's words. */
  shopId?: string | number;
  cardType?: string;
  cardId?: string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export async function sha1Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

function required(name: string, value: unknown): string {
  if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
    throw new TypeError(`wx-coupon: ${name} is required to sign (got ${value === '' ? 'an empty string' : typeof value}).`);
  }
  return String(value);
}

/** Values signature used by card_ext and chooseCard: sort the non-empty values as strings, concatenate. */
function signValues(values: Array<string | number | undefined>): Promise<string> {
  const present = values.filter((v): v is string | number => v !== undefined && v !== '').map(String);
  return sha1Hex(present.sort().join(''));
}

/** The `wx.config` signature. */
export async function signJsapi(input: JsapiSignatureInput): Promise<string> {
  const url = withoutHash(required('url', input.url));
  return sha1Hex(
    `jsapi_ticket=${required('ticket', input.ticket)}&noncestr=${required('nonceStr', input.nonceStr)}` +
      `&timestamp=${required('timestamp', input.timestamp)}&url=${url}`,
  );
}

/** The `signature` inside a `card_ext` for `wx.addCard`. */
export async function signCardExt(input: CardExtSignatureInput): Promise<string> {
  return signValues([
    required('apiTicket', input.apiTicket),
    required('cardId', input.cardId),
    required('timestamp', input.timestamp),
    required('nonceStr', input.nonceStr),
    input.code,
    input.openid,
  ]);
}

/** The `cardSign` for `wx.chooseCard`. */
export async function signChooseCard(input: ChooseCardSignatureInput): Promise<string> {
  return signValues([
    required('apiTicket', input.apiTicket),
    required('appId', input.appId),
    required('timestamp', input.timestamp),
    required('nonceStr', input.nonceStr),
    input.shopId,
    input.cardType,
    input.cardId,
  ]);
}
