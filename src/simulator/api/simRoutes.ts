// Routes WeChat does not have, for the browser simulator, the demo and the CLI: the
// simulated user's adds (batchAddCard and QR scans go through the stand-in, which issues the
// codes), their Cards & Offers, a card's look, the QR code page and uploaded images. All
// under /__sim/, answered with CORS so a page on another origin can use them.
import { CARD_COLORS, isObject, type Json } from './cardDefinition';
import type { CardExtCheck } from './cardExtSignature';
import type { CardStore, StoredCard } from './cardStore';
import type { CodeStore } from './codeStore';
import { WeChatError } from './errcodes';
import type { MediaStore } from './media';
import { qrcodePage, scanResultPage } from './qrcodePage';
import type { QrCodes } from './qrcodes';
import type { AddRequest, SimulatedUser, UserCards } from './userCards';

export interface SimContext {
  url: URL;
  request: Request;
  /** The first path segment after __sim/ and the rest, e.g. ['cards', 'pXXXX']. */
  segments: string[];
  appId: string;
  /** Where this stand-in's pages are reachable (for logo and QR URLs). */
  base: string;
  readBody(): Promise<Json>;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...CORS } });
const html = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });

export function createSimRoutes(deps: { cards: CardStore; codes: CodeStore; userCards: UserCards; qrcodes: QrCodes; media: MediaStore; cardExt: CardExtCheck; userOf(appId: string, openid?: unknown): SimulatedUser }) {
  const { cards, codes, userCards, qrcodes, media } = deps;

  /** What the simulator's sheet shows of a card. */
  function look(card: StoredCard) {
    const info = card.body.base_info as Json;
    const color = String(info.color ?? '');
    return {
      card_id: card.cardId,
      card_type: card.cardType,
      title: info.title,
      sub_title: info.sub_title ?? '',
      brand_name: info.brand_name,
      color: CARD_COLORS[color] ?? color,
      color_name: color,
      // An uploaded logo as a path from the stand-in's root (a dev server mounting it may not know its own origin).
      logo_url: typeof info.logo_url === 'string' ? media.servable(info.logo_url) : undefined,
      status: card.status,
      quantity: card.quantity,
    };
  }

  /** batchAddCard: each card_ext's signature checked as WeChat checks it, then each card added on its own. */
  async function addCards(ctx: SimContext, body: Json) {
    const user = deps.userOf(ctx.appId, body.openid);
    if (!Array.isArray(body.cards) || body.cards.length === 0) throw new WeChatError(41011, 'cards: [{ card_id, card_ext }]');
    const requests: AddRequest[] = body.cards.map((item: unknown) => (isObject(item) ? { cardId: item.card_id, cardExt: item.card_ext } : { cardId: undefined }));
    const refused = await Promise.all(requests.map((request) => deps.cardExt.verify(ctx.appId, request.cardId, request.cardExt).then(() => undefined, (error: unknown) => error)));
    const signed = requests.filter((_, i) => refused[i] === undefined);
    const added = userCards.add(ctx.appId, user, signed);
    const card_list = requests.map((request, i) => {
      const error = refused[i];
      if (error === undefined) return added.shift();
      if (!(error instanceof WeChatError)) throw error;
      return { card_id: String(request.cardId ?? ''), is_succ: 0, errcode: error.errcode, errmsg: error.message };
    });
    return { openid: user.openid, card_list };
  }

  function heldCards(ctx: SimContext) {
    const user = deps.userOf(ctx.appId, ctx.url.searchParams.get('openid') ?? undefined);
    const cardId = ctx.url.searchParams.get('card_id');
    const cardType = ctx.url.searchParams.get('card_type');
    const held = userCards.list(ctx.appId, { openid: user.openid, ...(cardId ? { card_id: cardId } : {}) }).card_list;
    const list = held
      .map(({ code, card_id }) => ({ code, card: cards.find(ctx.appId, card_id) }))
      .filter(({ card }) => !cardType || card.cardType === cardType)
      .map(({ code, card }) => ({ ...look(card), code, encrypt_code: codes.encrypt(ctx.appId, code) }));
    return { openid: user.openid, card_list: list };
  }

  async function scan(ctx: SimContext): Promise<Response> {
    const form = (ctx.request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded');
    const body = form ? {} : await ctx.readBody();
    const ticket = ctx.url.searchParams.get('ticket') ?? (typeof body.ticket === 'string' ? body.ticket : '');
    const found = qrcodes.scan(ticket);
    const user = deps.userOf(found.appId, body.openid);
    const results = userCards.add(found.appId, user, found.cards);
    if (!form) return json({ errcode: 0, errmsg: 'ok', openid: user.openid, card_list: results });
    return html(scanResultPage(results.map((r) => (r.is_succ ? `${r.card_id}: 已领取，券码 ${r.code}` : `${r.card_id}: 领取失败 ${r.errcode} ${r.errmsg}`))));
  }

  async function route(ctx: SimContext): Promise<Response> {
    const [first, second] = ctx.segments;
    const method = ctx.request.method;
    if (method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS });
    try {
      if (method === 'GET' && first === 'showqrcode') {
        const found = qrcodes.live(ctx.url.searchParams.get('ticket') ?? '');
        if (!found) return html('<!doctype html><meta charset="utf-8"><p>二维码不存在或已过期 (unknown or expired ticket)</p>', 404);
        return html(qrcodePage(found, found.cards.map((c) => String((cards.find(found.appId, c.cardId).body.base_info as Json).title))));
      }
      if (method === 'POST' && first === 'scan') return await scan(ctx);
      if (method === 'GET' && first === 'media' && second) {
        const image = media.image(second);
        if (!image) return json({ errcode: 404, errmsg: 'no such image' }, 404);
        return new Response(image.bytes, { headers: { 'content-type': image.type, 'cache-control': 'public, max-age=3600', ...CORS } });
      }
      if (method === 'GET' && first === 'cards' && second) return json({ errcode: 0, errmsg: 'ok', card: look(cards.find(ctx.appId, second)) });
      if (first === 'user') {
        if (method === 'POST' && second === 'add-cards') return json({ errcode: 0, errmsg: 'ok', ...(await addCards(ctx, await ctx.readBody())) });
        if (method === 'GET' && second === 'cards') return json({ errcode: 0, errmsg: 'ok', ...heldCards(ctx) });
        if (method === 'POST' && second === 'gift-card') {
          const body = await ctx.readBody();
          const user = deps.userOf(ctx.appId, body.openid);
          if (typeof body.friend_openid !== 'string' || body.friend_openid === '') throw new WeChatError(41011, 'friend_openid');
          return json({ errcode: 0, errmsg: 'ok', ...userCards.gift(ctx.appId, user.openid, body, deps.userOf(ctx.appId, body.friend_openid)) });
        }
        if (method === 'POST' && (second === 'delete-card' || second === 'view-card')) {
          const body = await ctx.readBody();
          const user = deps.userOf(ctx.appId, body.openid);
          userCards.touch(ctx.appId, user.openid, body, second === 'delete-card' ? 'delete' : 'view');
          return json({ errcode: 0, errmsg: 'ok' });
        }
      }
      return json({ errcode: 404, errmsg: `no such simulator route: __sim/${ctx.segments.join('/')}` }, 404);
    } catch (error) {
      if (error instanceof WeChatError) return json({ errcode: error.errcode, errmsg: error.message });
      throw error;
    }
  }

  return { route, look };
}
