// Generators for the URLs WeChat opens from a coupon's custom entry (spec §6): the merchant's
// URL, whatever it already carries, with encrypt_code, card_id, openid and outer_str appended.
import fc from 'fast-check';
import type { CouponContext } from '../../src/redirect';

type Key = 'card_id' | 'encrypt_code' | 'openid' | 'outer_str';
const FIELD: Record<Key, keyof CouponContext> = { card_id: 'cardId', encrypt_code: 'encryptCode', openid: 'openid', outer_str: 'outerStr' };

/** A value as WeChat may write it into the URL. */
interface Written {
  key: Key;
  value: string;
  text: string;
}

const lowerEscapes = (s: string) => s.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
/** application/x-www-form-urlencoded, as URLSearchParams writes it (space as "+"). */
const formEncode = (s: string) => new URLSearchParams([['k', s]]).toString().slice(2);

/** What readCouponContext validates: card ids and openids are 1–64 of [A-Za-z0-9_-]. */
const plainId = fc.stringMatching(/^[\w-]{1,64}$/);

/** base64 (with "+", "/" and "=" padding) or base64url of random bytes; ≤ 512 characters. */
const encryptCode = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ minLength: 1, maxLength: 384 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => Buffer.from(b).toString('base64url')),
  // Heavy on the characters that need care: "+", "/" and padding.
  fc.string({ unit: fc.constantFrom('+', '/', 'A', 'z', '0'), minLength: 1, maxLength: 60 }).map((s) => s + '='.repeat(s.length % 3)),
);

/** Characters that may stand unescaped in a query or fragment and mean themselves (RFC 3986, minus "&", "+", "#", "%"). */
const RAW_SAFE = [...'AZaz09-._~!$\'()*,;=:@/?', '中', 'é', '😀'];

/** outer_str: any text without control characters, 1–512 UTF-16 units. */
const outerStr = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }).filter((s) => s.length <= 512),
  fc.string({ unit: fc.constantFrom(' ', '+', '&', '=', '#', '%', '?', '/', 'a'), minLength: 1, maxLength: 40 }),
).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '.'));
const rawOuterStr = fc.string({ unit: fc.constantFrom(...RAW_SAFE), minLength: 1, maxLength: 100 });

const written = (key: Key, value: fc.Arbitrary<string>, ways: Array<(v: string) => string>): fc.Arbitrary<Written> =>
  fc.tuple(value, fc.constantFrom(...ways)).map(([v, way]) => ({ key, value: v, text: way(v) }));

const uri = encodeURIComponent;
const raw = (v: string) => v;
const lowerUri = (v: string) => lowerEscapes(encodeURIComponent(v));

const WECHAT: Record<Key, fc.Arbitrary<Written>> = {
  card_id: written('card_id', plainId, [raw, uri, formEncode]),
  openid: written('openid', plainId, [raw, uri, formEncode]),
  encrypt_code: written('encrypt_code', encryptCode, [
    raw, // "+" unescaped, as WeChat sometimes sends it: URL decoding makes it a space
    uri,
    lowerUri,
    formEncode,
    (v) => v.replace(/\+/g, '%20'), // "+" escaped as a space
    (v) => v.replace(/\+/g, '%2B'), // only "+" escaped, "/" and "=" left as they are
  ]),
  outer_str: fc.oneof(written('outer_str', outerStr, [uri, lowerUri, formEncode]), written('outer_str', rawOuterStr, [raw])),
};

/** Merchant parameters the URL already had: near misses of our keys, odd pieces, anything encoded. */
const merchantKey = fc.oneof(
  fc.constantFrom('shop', 'from', 'x', 'card', 'cardid', 'card_id_', 'Card_id', 'CARD_ID', 'encrypt', 'xencrypt_code', 'encrypt_code_', '_openid', 'outerstr', 'utm_source'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
).filter((k) => !(k in FIELD));
const merchantParam = fc.oneof(
  fc.tuple(merchantKey, fc.string({ unit: 'binary', maxLength: 20 })).map(([k, v]) => `${uri(k)}=${uri(v)}`),
  fc.constantFrom('flag', '', '=x', '=', 'a=b=c', 'back=/x?y=1', 'q=a+b', 'e=%E4%B8%AD', 'bad=%E0%A4%A', 'pct=%', 'x=%ZZ', 'v=1;w=2'),
);
const merchantParams = fc.array(merchantParam, { maxLength: 4 }).map((ps) => ps.join('&'));

/** An earlier copy of one of our keys (a stale link, a merchant's own): WeChat's, appended last, wins. */
const staleCopy = (key: Key) => fc.constantFrom(`${key}=`, `${key}=old-value`, `${key}=%E0%A4%A`, `${key}=%3Cscript%3E`, key);

/** Where WeChat's parameters land (spec §6). `m`: merchant query, `h`: merchant hash-route query, `q`: WeChat's. */
export const SHAPES = {
  query: (b: string, _r: string, _m: string, _h: string, q: string) => `${b}?${q}`,
  merchantQuery: (b: string, _r: string, m: string, _h: string, q: string) => `${b}?${m}&${q}`,
  queryBeforeHashRoute: (b: string, r: string, m: string, h: string, q: string) => `${b}?${m}&${q}#${r}${h ? `?${h}` : ''}`,
  hashRouteQuery: (b: string, r: string, _m: string, _h: string, q: string) => `${b}#${r}?${q}`,
  hashRouteMerchantQuery: (b: string, r: string, _m: string, h: string, q: string) => `${b}#${r}?${h}&${q}`,
  hashRouteAmpersand: (b: string, r: string, m: string, _h: string, q: string) => `${b}?${m}#${r}&${q}`,
  queryAndHashRouteQuery: (b: string, r: string, m: string, h: string, q: string) => `${b}?${m}#${r}?${h}&${q}`,
};
export type Shape = keyof typeof SHAPES;

export interface CouponUrlCase {
  url: string;
  shape: Shape;
  params: Written[];
}

/** A URL in one of the shapes, with a non-empty subset of WeChat's parameters in any order. */
export function couponUrl(origin = 'https://m.example.com'): fc.Arbitrary<CouponUrlCase> {
  return fc
    .record({
      shape: fc.constantFrom(...(Object.keys(SHAPES) as Shape[])),
      path: fc.constantFrom('', '/', '/use', '/app/index.html', '/a/b/'),
      route: fc.constantFrom('', '/', '/use', '/coupon/use', '!/coupon/use', '/shop/12/', '/use.html'),
      keys: fc.shuffledSubarray(Object.keys(FIELD) as Key[], { minLength: 1 }),
      merchant: merchantParams,
      merchantHash: merchantParams,
      stale: fc.boolean(),
    })
    .chain(({ shape, path, route, keys, merchant, merchantHash, stale }) =>
      fc
        .record({
          params: fc.tuple(...keys.map((key) => WECHAT[key])),
          staleCopies: stale ? fc.tuple(...keys.map(staleCopy)) : fc.constant([] as string[]),
        })
        .map(({ params, staleCopies }) => {
          const m = [merchant, ...staleCopies].filter((p) => p !== '').join('&');
          const q = params.map((p) => `${p.key}=${p.text}`).join('&');
          return { url: SHAPES[shape](origin + path, route, m, merchantHash, q), shape, params };
        }),
    );
}

export function expectedContext(case_: CouponUrlCase): CouponContext {
  const context: CouponContext = { cardId: null, encryptCode: null, openid: null, outerStr: null };
  for (const p of case_.params) context[FIELD[p.key]] = p.value;
  return context;
}
