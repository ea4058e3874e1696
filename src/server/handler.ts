// The HTTP side of spec §7: what the browser part calls to get signatures and decrypt codes.
import { HttpError } from './errors/HttpError';
import { approves } from './http/approval';
import { errorResponse } from './http/errorResponse';
import { jsonResponse, readJsonObject } from './http/json';
import { ambiguousPath, rawTargetOf } from './http/rawPath';
import { unmatchedResponse } from './http/unmatched';
import { silentLogger, type Logger } from './logger';
import { newNonce } from './nonce';
import { signCardExt, signChooseCard, signJsapi } from './sign';
import type { WeChatApi } from './wechatApi';
import { withoutHash } from '../utils/withoutHash';
import type {
  CardExtResponse,
  CardSignResponse,
  ConsumeResponse,
  CouponEndpointErrorCode,
  CouponRoute,
  CouponRouteResponse,
  CouponRoutes,
  DecryptResponse,
  SignatureResponse,
} from '../contract';

/** What the handler needs from `createWeChatApi(...)`; a test double only has to provide this. */
export type CouponApi = Pick<WeChatApi, 'credential' | 'decryptCode' | 'consumeCode'> & { clock?: () => number };

/** card_ext fields that come from the merchant's own session, never from the request body. */
export interface CardExtContext {
  openid?: string;
  /** For cards created with `use_custom_code`. */
  code?: string;
  outerStr?: string;
}

export interface CouponHandlerOptions {
  api: CouponApi;
  appId: string;
  /**
   * The pages that may be signed: exact origins (`'https://m.example.com'`; scheme and port
   * count) or a predicate. Anything else gets 403, so the endpoint signs only your pages.
   */
  allowedUrls: readonly string[] | ((url: URL) => boolean);
  /** Default `'/api/wx'`: routes are `${basePath}/signature`, `/card-ext`, `/card-sign`, `/decrypt`, `/consume`. */
  basePath?: string;
  /**
   * The cards this endpoint hands card_ext out for, and signs a chooseCard `cardId` filter for:
   * card ids, or a predicate (which can also look at the request's session) that approves with
   * `true` only. Others get 403 `card_not_allowed`, on `…/card-ext` and `…/card-sign` alike (a
   * cardSign over a card id would otherwise verify as a card_ext for it; see SECURITY.md).
   * Default: every card of the account — anyone who can reach the route can then add any of them.
   */
  allowedCardIds?: readonly string[] | ((cardId: string, request: Request) => boolean | Promise<boolean>);
  /**
   * openid / custom code / outer_str for a card_ext, from your session. An openid in the body is ignored.
   * `…/card-sign` asks it for a request's `cardId` too, and refuses (403 `card_not_allowed`) a card it
   * binds (an openid or a code): that cardSign would verify as a card_ext for the card bound to neither.
   */
  cardExt?: (request: Request, cardId: string) => CardExtContext | undefined | Promise<CardExtContext | undefined>;
  /** Enables `POST …/consume` for requests it approves with `true` (e.g. a signed-in staff member); 403 for anything else. */
  authorizeConsume?: (request: Request) => boolean | Promise<boolean>;
  /**
   * Whether `POST …/decrypt` may run for this request: `true` only, 403 for anything else. Default: every
   * request, which the redirect page needs when users arrive from the coupon without a login.
   * Each decrypt spends WeChat API quota, so check a session or rate-limit here if you can.
   */
  authorizeDecrypt?: (request: Request) => boolean | Promise<boolean>;
  /** Largest accepted JSON body, default 4096 bytes. */
  maxBodyBytes?: number;
  /** `expiresAt` on a signature is the jsapi_ticket's expiry minus this, default 2 minutes. */
  signatureMarginMs?: number;
  /** Default: the api's clock, else `Date.now`. */
  clock?: () => number;
  logger?: Logger;
}

const ID = /^[\w-]{1,64}$/;
const CARD_TYPE = /^[A-Z_]{1,32}$/;
const SHOP_ID = /^\d{1,20}$/;
const ENCRYPT_CODE = /^[A-Za-z0-9+/=_-]{1,512}$/;
const MAX_URL_LENGTH = 4096;
const MAX_OUTER_STR_LENGTH = 128;

/** A request body as read: the contract's field names, each still to be checked. */
type Body = Record<string, unknown>;
interface Route<Name extends CouponRoute = CouponRoute> {
  method: CouponRoutes[Name]['method'];
  run(request: Request, url: URL): Promise<CouponRoutes[Name]['response']>;
}

/** An error answer with one of the contract's codes (a code outside it is a type error here). */
const refuse = (status: number, code: CouponEndpointErrorCode, message: string, headers?: Record<string, string>) => new HttpError(status, code, message, headers);
const badRequest = (message: string, code: CouponEndpointErrorCode = 'bad_request') => refuse(400, code, message);

function optionalString(body: Body, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > maxLength) throw badRequest(`${field} must be a string of at most ${maxLength} characters.`);
  return value;
}

function cardIdFrom(body: Body, required: boolean): string | undefined {
  const value = body.cardId;
  if (!required && (value === undefined || value === null || value === '')) return undefined;
  if (typeof value !== 'string' || !ID.test(value)) {
    throw badRequest('cardId must be the card_id of a card (letters, digits, "_" and "-", at most 64).', 'invalid_card_id');
  }
  return value;
}

function shopIdFrom(body: Body): string | number | undefined {
  const value = body.shopId;
  if (value === undefined || value === null || value === '') return undefined;
  // A string or a number only: String() throws on an object whose toString is not a function
  // ({"toString":1} from JSON), and would let an array like [123] pass as "123".
  if ((typeof value !== 'string' && typeof value !== 'number') || !SHOP_ID.test(String(value))) throw badRequest('shopId must be a numeric location_id.');
  return value;
}

function encryptCodeFrom(body: Body): string {
  const raw = body.encryptCode;
  // URL decoding on the redirect page turns the "+" of a base64 encrypt_code into a space; a
  // real encrypt_code has no spaces, so put the "+" back.
  const value = typeof raw === 'string' ? raw.replace(/ /g, '+') : raw;
  if (typeof value !== 'string' || !ENCRYPT_CODE.test(value)) {
    throw badRequest('encryptCode must be the encrypt_code from the redirect URL or chooseCard.', 'invalid_encrypt_code');
  }
  return value;
}

/** Allowed origins as a predicate; the origin list is checked once, at start-up. */
function pageFilter(allowedUrls: CouponHandlerOptions['allowedUrls']): (url: URL) => boolean {
  if (typeof allowedUrls === 'function') return allowedUrls;
  if (!Array.isArray(allowedUrls) || allowedUrls.length === 0) {
    throw new TypeError('wx-coupon: createCouponHandler needs allowedUrls: the origins of your pages (e.g. "https://m.example.com") or a predicate.');
  }
  const origins = new Set(
    allowedUrls.map((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        // reported below
      }
      if (!origin || origin === 'null' || origin !== entry.replace(/\/$/, '')) {
        throw new TypeError(`wx-coupon: allowedUrls entries are origins like "https://m.example.com", not "${entry}".`);
      }
      return origin;
    }),
  );
  return (url) => origins.has(url.origin);
}

function checkHookResult(context: CardExtContext): CardExtContext {
  for (const field of ['openid', 'code'] as const) {
    const value = context[field];
    if (value !== undefined && (typeof value !== 'string' || !ID.test(value))) {
      throw new Error(`the cardExt hook returned an invalid ${field}`);
    }
  }
  if (context.outerStr !== undefined && (typeof context.outerStr !== 'string' || context.outerStr.length > MAX_OUTER_STR_LENGTH)) {
    throw new Error('the cardExt hook returned an invalid outerStr');
  }
  return context;
}

export function createCouponHandler(options: CouponHandlerOptions): (request: Request) => Promise<Response> {
  const { api, appId } = options;
  if (typeof appId !== 'string' || appId === '') throw new TypeError('wx-coupon: createCouponHandler needs appId.');
  const isAllowedPage = pageFilter(options.allowedUrls);
  const basePath = (options.basePath ?? '/api/wx').replace(/\/+$/, '');
  const maxBodyBytes = options.maxBodyBytes ?? 4096;
  const marginMs = options.signatureMarginMs ?? 2 * 60_000;
  const clock = options.clock ?? api.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const unixSeconds = () => Math.floor(clock() / 1000);

  async function signature(_request: Request, url: URL): Promise<SignatureResponse> {
    const raw = url.searchParams.get('url');
    if (!raw) throw badRequest('Add ?url=<encodeURIComponent(location.href.split("#")[0])>.');
    if (raw.length > MAX_URL_LENGTH) throw badRequest(`url is longer than ${MAX_URL_LENGTH} characters.`, 'invalid_url');
    const pageUrl = withoutHash(raw);
    let page: URL;
    try {
      page = new URL(pageUrl);
    } catch {
      throw badRequest('url must be the absolute URL of the page (location.href).', 'invalid_url');
    }
    if (page.protocol !== 'https:' && page.protocol !== 'http:') throw badRequest('url must be an http(s) page URL.', 'invalid_url');
    // `true` only, like the other hooks: a predicate returning "false" or 1 is a bug, not a yes.
    if (isAllowedPage(page) !== true) {
      throw refuse(403, 'url_not_allowed', `Pages on ${page.origin} are not signed here; add the origin to allowedUrls if it is yours.`);
    }
    const ticket = await api.credential('jsapi_ticket');
    const timestamp = unixSeconds();
    const nonceStr = newNonce();
    const signed = await signJsapi({ ticket: ticket.value, nonceStr, timestamp, url: pageUrl });
    return { appId, timestamp, nonceStr, signature: signed, expiresAt: ticket.expiresAt - marginMs };
  }

  const { allowedCardIds } = options;
  const isAllowedCard: (cardId: string, request: Request) => boolean | Promise<boolean> =
    allowedCardIds === undefined ? () => true : typeof allowedCardIds === 'function' ? allowedCardIds : (cardId) => allowedCardIds.includes(cardId);

  const checkCardAllowed = async (cardId: string, request: Request) => {
    if (!(await approves(isAllowedCard(cardId, request)))) {
      throw refuse(403, 'card_not_allowed', `Card ${cardId} is not handed out here; add it to allowedCardIds if it should be.`);
    }
  };

  async function cardExt(request: Request, body: Body): Promise<CardExtResponse> {
    const cardId = cardIdFrom(body, true) as string;
    await checkCardAllowed(cardId, request);
    const bodyOuterStr = optionalString(body, 'outerStr', MAX_OUTER_STR_LENGTH);
    const context = checkHookResult((await options.cardExt?.(request, cardId)) ?? {});
    const outerStr = context.outerStr ?? bodyOuterStr;
    const apiTicket = (await api.credential('wx_card_ticket')).value;
    // Fresh for every add: WeChat refuses a card_ext whose timestamp and nonce were used before.
    const timestamp = String(unixSeconds());
    const nonceStr = newNonce();
    const signed = await signCardExt({ apiTicket, cardId, timestamp, nonceStr, code: context.code, openid: context.openid });
    const ext = { code: context.code, openid: context.openid, timestamp, nonce_str: nonceStr, signature: signed, outer_str: outerStr };
    return { cardExt: JSON.stringify(ext) };
  }

  // A cardSign over cardId also verifies as a card_ext for that card with code = appId (or the
  // request's shopId) and no openid: for a card whose card_ext the hook binds to the user or to
  // a custom code, signing the filter would hand out the card without the binding. The hook is
  // asked per request, as card-ext asks it.
  async function refuseBoundCard(cardId: string, request: Request) {
    const context = checkHookResult((await options.cardExt?.(request, cardId)) ?? {});
    if (context.openid !== undefined || context.code !== undefined) {
      throw refuse(
        403,
        'card_not_allowed',
        `Card ${cardId} is not signed as a chooseCard filter: your cardExt hook binds its card_ext to an openid or a custom code, and a cardSign over this cardId would work as a card_ext bound to neither. Filter chooseCard by shopId or cardType instead, or do not bind this card's card_ext.`,
      );
    }
  }

  async function cardSign(request: Request, body: Body): Promise<CardSignResponse> {
    const cardId = cardIdFrom(body, false);
    const shopId = shopIdFrom(body);
    const cardType = optionalString(body, 'cardType', 32);
    if (cardType !== undefined && !CARD_TYPE.test(cardType)) throw badRequest('cardType must be a WeChat card type such as GROUPON or CASH.');
    // card_ext and cardSign are the same rule over the same ticket: a cardSign whose values are
    // {ticket, appId, timestamp, nonce, cardId} verifies as the card_ext of cardId with code =
    // appId. So a card filter is signed only for a card that card-ext would hand out, unbound.
    if (cardId !== undefined) {
      await checkCardAllowed(cardId, request);
      await refuseBoundCard(cardId, request);
    }
    const apiTicket = (await api.credential('wx_card_ticket')).value;
    const timestamp = unixSeconds();
    const nonceStr = newNonce();
    const cardSign = await signChooseCard({
      apiTicket,
      appId,
      timestamp,
      nonceStr,
      shopId,
      cardType,
      cardId,
    });
    return { timestamp, nonceStr, cardSign, signType: 'SHA1' };
  }

  async function decrypt(_request: Request, body: Body): Promise<DecryptResponse> {
    return { code: await api.decryptCode(encryptCodeFrom(body)) };
  }

  async function consume(_request: Request, body: Body): Promise<ConsumeResponse> {
    const cardId = cardIdFrom(body, false);
    let code: string;
    if (body.encryptCode !== undefined) {
      code = await api.decryptCode(encryptCodeFrom(body));
    } else if (typeof body.code === 'string' && ID.test(body.code)) {
      code = body.code;
    } else {
      throw badRequest('Send the encryptCode (or the decrypted code) to consume.', body.code === undefined ? 'bad_request' : 'invalid_code');
    }
    await api.consumeCode({ code, cardId });
    return { code, consumed: true };
  }

  const authorizeConsume = async (request: Request) => {
    if (!(await approves(options.authorizeConsume?.(request)))) {
      throw refuse(403, 'forbidden', 'Consuming codes is not allowed for this request (authorizeConsume refused it).');
    }
  };
  const decryptHook = options.authorizeDecrypt;
  const authorizeDecrypt =
    decryptHook &&
    (async (request: Request) => {
      if (!(await approves(decryptHook(request)))) {
        throw refuse(403, 'forbidden', 'Decrypting codes is not allowed for this request (authorizeDecrypt refused it).');
      }
    });
  const post = <Name extends CouponRoute>(run: (request: Request, body: Body) => Promise<CouponRoutes[Name]['response']>, authorize?: (request: Request) => Promise<void>): Route<Name> => ({
    method: 'POST',
    async run(request) {
      await authorize?.(request);
      const type = request.headers.get('content-type') ?? '';
      // Requiring JSON makes a cross-site POST need a CORS preflight, which it will not get.
      if (!/^application\/json\s*(;|$)/i.test(type)) {
        throw refuse(415, 'unsupported_media_type', 'Send the body as JSON with content-type: application/json.');
      }
      return run(request, await readJsonObject(request, maxBodyBytes));
    },
  });
  // Keyed by the contract's routes: a route it adds or renames is a type error until it is here.
  const table: { [Name in CouponRoute]: Route<Name> } = {
    signature: { method: 'GET', run: signature },
    'card-ext': post(cardExt),
    'card-sign': post(cardSign),
    decrypt: post(decrypt, authorizeDecrypt),
    consume: post(consume, authorizeConsume),
  };
  const routes = new Map<string, Route>(Object.entries(table));

  return async (request) => {
    try {
      const url = new URL(request.url);
      // Judged on the raw path (toNodeListener keeps it): the URL has resolved dot segments.
      const raw = rawTargetOf(request, url);
      const ambiguous = ambiguousPath(raw);
      if (ambiguous && (url.pathname.startsWith(`${basePath}/`) || raw.startsWith(`${basePath}/`))) {
        throw refuse(400, 'bad_request', `The path has ${ambiguous}, which proxies and path-mounted middleware may read as another route; send the route's path as documented.`);
      }
      if (!url.pathname.startsWith(`${basePath}/`)) return unmatchedResponse();
      const route = routes.get(url.pathname.slice(basePath.length + 1));
      if (!route) throw refuse(404, 'not_found', `No such route; the routes are ${[...routes.keys()].map((name) => `${basePath}/${name}`).join(', ')}.`);
      if (request.method !== route.method) {
        throw refuse(405, 'method_not_allowed', `Use ${route.method} for ${url.pathname}.`, { allow: route.method });
      }
      const answer: CouponRouteResponse = await route.run(request, url);
      return jsonResponse(200, answer);
    } catch (error) {
      return errorResponse(error, logger);
    }
  };
}
