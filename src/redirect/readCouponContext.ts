import { currentHref } from '../env/globals';

/** What WeChat appends to the merchant URL it opens from a coupon's custom entry. */
export interface CouponContext {
  cardId: string | null;
  /** Encrypted code; turn it into the real code on the server (`card/code/decrypt`). */
  encryptCode: string | null;
  openid: string | null;
  outerStr: string | null;
}

// Query key → field, in one table so the loop below stays generic.
const FIELDS = {
  card_id: 'cardId',
  encrypt_code: 'encryptCode',
  openid: 'openid',
  outer_str: 'outerStr',
} as const;
type QueryKey = keyof typeof FIELDS;

const PLAIN_ID = /^[\w-]{1,64}$/;
// base64 and base64url alphabets; real codes are a few dozen characters.
const ENCRYPT_CODE = /^[\w+/=-]{1,512}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// Well-formed %-escaped UTF-8 (RFC 3629): what decodeURIComponent accepts. Checking first
// instead of catching its URIError keeps a URL of thousands of malformed escapes cheap:
// an exception costs V8 ~10 µs (a stack trace each), a regex step nanoseconds.
const UTF8_ESCAPE =
  /%(?:[0-7][\da-f]|(?:c[2-9a-f]|d[\da-f])%[89ab][\da-f]|(?:e0%[ab][\da-f]|e[1-9a-cef]%[89ab][\da-f]|ed%[89][\da-f])%[89ab][\da-f]|(?:f0%[9ab][\da-f]|f[1-3]%[89ab][\da-f]|f4%8[\da-f])(?:%[89ab][\da-f]){2})/gi;

function decode(component: string): string | null {
  if (component.replace(UTF8_ESCAPE, '').includes('%')) return null; // malformed %-escape or UTF-8
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return null; // not reached: the check above leaves nothing decodeURIComponent rejects
  }
}

function accept(key: QueryKey, value: string): string | null {
  switch (key) {
    case 'card_id':
    case 'openid':
      return PLAIN_ID.test(value) ? value : null;
    case 'encrypt_code': {
      // A real code never has spaces: each one was an unescaped "+" that decoding ate.
      const code = value.replace(/ /g, '+');
      return ENCRYPT_CODE.test(code) ? code : null;
    }
    default:
      return value.length <= 512 && !CONTROL_CHARS.test(value) ? value : null;
  }
}

/**
 * Where the parameters start in a hash route: at its first "?" or "&". WeChat appends with
 * "&" when the URL already has a "?", even if a hash route ("/?a=1#/use") then gets them
 * without one: "#/use&encrypt_code=…". A "?" further on belongs to a value (a raw
 * outer_str "a?b"; RFC 3986 allows "?" in a query or fragment), not to the route.
 */
function paramsStart(hash: string): number {
  const question = hash.indexOf('?');
  const ampersand = hash.indexOf('&');
  return question < 0 || (ampersand >= 0 && ampersand < question) ? ampersand : question;
}

/**
 * Reads `card_id`, `encrypt_code`, `openid` and `outer_str` from the URL WeChat opened,
 * both from its query and from a query inside a hash route (`/#/use?encrypt_code=…`).
 * Missing, empty or malformed values are `null`; never throws.
 *
 * @param url defaults to `location.href`.
 */
export function readCouponContext(url?: string): CouponContext {
  const context: CouponContext = { cardId: null, encryptCode: null, openid: null, outerStr: null };
  const href = url === undefined ? currentHref() : url;
  if (typeof href !== 'string') return context;

  const hashAt = href.indexOf('#');
  const sections = hashAt < 0 ? [href] : [href.slice(0, hashAt), href.slice(hashAt + 1)];
  for (const [i, section] of sections.entries()) {
    const queryAt = i === 0 ? section.indexOf('?') : paramsStart(section);
    if (queryAt < 0) continue;
    for (const pair of section.slice(queryAt + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const key = decode(pair.slice(0, eq));
      if (key === null || !Object.prototype.hasOwnProperty.call(FIELDS, key)) continue;
      const value = decode(pair.slice(eq + 1));
      // WeChat appends its parameters last, so a later non-empty value wins.
      const accepted = value ? accept(key as QueryKey, value) : null;
      if (accepted !== null) context[FIELDS[key as QueryKey]] = accepted;
    }
  }
  return context;
}
