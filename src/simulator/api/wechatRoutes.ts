// WeChat's paths, methods and answers, one line each, over the stand-in's stores. Paths and
// JSON as WeChat documents them (https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/).
import type { Json } from './cardDefinition';
import type { CardStore } from './cardStore';
import type { Credentials, TicketType } from './credentials';
import type { MediaStore } from './media';
import type { QrCodes } from './qrcodes';
import type { UserCards } from './userCards';
import type { Whitelist } from './whitelist';

/** Calls received per API (errors included), for asserting how often a client went upstream. */
export interface StandInCounters {
  token: number;
  /** Every stable_token call, forced or not. */
  stableToken: number;
  /** The stable_token calls with `force_refresh: true` (those an injected fault answered excepted). */
  stableTokenForced: number;
  jsapiTicket: number;
  cardTicket: number;
  decrypt: number;
  consume: number;
  /** media/uploadimg. */
  media: number;
  /** card/create, get, batchget, update, modifystock, delete. */
  cards: number;
  /** card/qrcode/create and card/landingpage/create. */
  qrcodes: number;
  /** card/code/get, card/code/unavailable, card/user/getcardlist. */
  codes: number;
  /** card/testwhitelist/set. */
  whitelist: number;
  /** The simulator's own /__sim/ routes. */
  simulator: number;
  /** Every request, including unknown paths. */
  total: number;
}

export interface ApiContext {
  url: URL;
  body: Json;
  form?: FormData;
  /** The app of the access_token (for APIs that take one). */
  appId: string;
  /** Where this stand-in's pages are reachable. */
  base: string;
}

export interface Api {
  method: 'GET' | 'POST';
  counter: keyof StandInCounters | ((url: URL) => keyof StandInCounters | null);
  /** How the request is read: JSON body (default for POST), multipart (uploadimg), nothing (GET). */
  body?: 'json' | 'multipart';
  /** Whether it needs ?access_token= (all but the token calls). */
  authenticated: boolean;
  run(context: ApiContext): object | Promise<object>;
}

const ok = (answer: object = {}) => ({ errcode: 0, errmsg: 'ok', ...answer });

export function wechatRoutes(s: { credentials: Credentials; cards: CardStore; userCards: UserCards; qrcodes: QrCodes; whitelist: Whitelist; media: MediaStore }): Map<string, Api> {
  const post = (counter: keyof StandInCounters, run: Api['run']): Api => ({ method: 'POST', counter, authenticated: true, run });
  return new Map<string, Api>([
    ['cgi-bin/token', { method: 'GET', counter: 'token', authenticated: false, run: ({ url }) => s.credentials.token(Object.fromEntries(url.searchParams)) }],
    ['cgi-bin/stable_token', { method: 'POST', counter: 'stableToken', authenticated: false, run: ({ body }) => s.credentials.stableToken(body) }],
    [
      'cgi-bin/ticket/getticket',
      {
        method: 'GET',
        counter: (url) => ({ jsapi: 'jsapiTicket', wx_card: 'cardTicket' } as const)[url.searchParams.get('type') as TicketType] ?? null,
        authenticated: false, // getticket checks its token itself, after the quota
        run: ({ url }) => s.credentials.getTicket(url),
      },
    ],
    ['cgi-bin/media/uploadimg', { method: 'POST', counter: 'media', body: 'multipart', authenticated: true, run: ({ form }) => s.media.upload(form as FormData) }],
    ['card/create', post('cards', ({ appId, body }) => ok({ card_id: s.cards.create(appId, body.card).cardId }))],
    ['card/get', post('cards', ({ appId, body }) => ok({ card: s.cards.describe(s.cards.find(appId, body.card_id)) }))],
    ['card/batchget', post('cards', ({ appId, body }) => ok(s.cards.batchget(appId, body)))],
    ['card/update', post('cards', ({ appId, body }) => ok(s.cards.update(appId, body)))],
    ['card/modifystock', post('cards', ({ appId, body }) => (s.cards.modifyStock(appId, body), ok()))],
    ['card/delete', post('cards', ({ appId, body }) => (s.cards.remove(appId, body.card_id), ok()))],
    ['card/qrcode/create', post('qrcodes', ({ appId, body, base }) => ok(s.qrcodes.create(appId, body, base)))],
    ['card/landingpage/create', post('qrcodes', ({ appId, body }) => ok(s.qrcodes.landingPage(appId, body)))],
    ['card/testwhitelist/set', post('whitelist', ({ appId, body }) => (s.whitelist.set(appId, body), ok()))],
    ['card/code/get', post('codes', ({ appId, body }) => ok(s.userCards.get(appId, body)))],
    ['card/code/consume', post('consume', ({ appId, body }) => ok(s.userCards.consume(appId, body)))],
    ['card/code/decrypt', post('decrypt', ({ appId, body }) => ok(s.userCards.decrypt(appId, body)))],
    ['card/code/unavailable', post('codes', ({ appId, body }) => (s.userCards.unavailable(appId, body), ok()))],
    ['card/user/getcardlist', post('codes', ({ appId, body }) => ok(s.userCards.list(appId, body)))],
  ]);
}
