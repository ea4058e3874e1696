// card/qrcode/create (QR_CARD, QR_MULTIPLE_CARD) and card/landingpage/create: tickets whose
// show_qrcode_url is a page this stand-in serves, drawing the QR code of the ticket's url,
// and a scan that adds the card(s) the way WeChat does when a user scans it.
// Request and answer shapes: https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Distributing_Coupons_Vouchers_and_Cards.html
import { randomBytes } from 'node:crypto';
import { isObject, type Json } from './cardDefinition';
import type { CardStore } from './cardStore';
import { WeChatError } from './errcodes';
import type { AddRequest } from './userCards';

export interface QrTicket {
  appId: string;
  ticket: string;
  /** What the QR code encodes (WeChat's http://weixin.qq.com/q/… link). */
  url: string;
  cards: AddRequest[];
  isUniqueCode: boolean;
  scanned: boolean;
  expiresAt: number;
}

const MAX_MULTIPLE_CARDS = 5;
const SCENES = ['SCENE_NEAR_BY', 'SCENE_MENU', 'SCENE_QRCODE', 'SCENE_ARTICLE', 'SCENE_H5', 'SCENE_IVR', 'SCENE_CARD_CUSTOM_CELL'];

export type QrCodes = ReturnType<typeof createQrCodes>;

export function createQrCodes(deps: { clock: () => number; cards: CardStore }) {
  const { clock, cards } = deps;
  let tickets = new Map<string, QrTicket>();
  let pages = 0;

  function entry(appId: string, item: unknown): AddRequest {
    if (!isObject(item)) throw new WeChatError(40053, 'card');
    const card = cards.live(appId, item.card_id);
    if (card.status === 'CARD_STATUS_VERIFY_FAIL') throw new WeChatError(40078, 'the card did not pass review');
    if (item.outer_str !== undefined && typeof item.outer_str !== 'string') throw new WeChatError(47001, 'outer_str');
    const cardExt = typeof item.code === 'string' || typeof item.openid === 'string' ? JSON.stringify({ code: item.code, openid: item.openid }) : undefined;
    return { cardId: card.cardId, outerStr: (item.outer_str as string | undefined) ?? '', cardExt };
  }

  function create(appId: string, body: Json, pageBase: string) {
    const info = isObject(body.action_info) ? body.action_info : undefined;
    let requests: AddRequest[];
    let unique = false;
    if (body.action_name === 'QR_CARD') {
      if (!info || !isObject(info.card)) throw new WeChatError(40053, 'action_info.card');
      requests = [entry(appId, info.card)];
      unique = info.card.is_unique_code === true;
    } else if (body.action_name === 'QR_MULTIPLE_CARD') {
      const list = info && isObject(info.multiple_card) ? info.multiple_card.card_list : undefined;
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MULTIPLE_CARDS) throw new WeChatError(40053, `action_info.multiple_card.card_list: 1 to ${MAX_MULTIPLE_CARDS} cards`);
      requests = list.map((item) => entry(appId, item));
    } else {
      throw new WeChatError(40053, `action_name ${String(body.action_name)}`);
    }
    const expire = body.expire_seconds;
    if (expire !== undefined && expire !== null && !(Number.isInteger(expire) && (expire as number) >= 60 && (expire as number) <= 1800)) throw new WeChatError(40097, 'expire_seconds must be 60 to 1800');
    const ticket = `gQ${randomBytes(48).toString('base64').replace(/\//g, '_').replace(/\+/g, '-')}`;
    const url = `http://weixin.qq.com/q/${randomBytes(16).toString('base64url').slice(0, 22)}`;
    const record: QrTicket = { appId, ticket, url, cards: requests, isUniqueCode: unique, scanned: false, expiresAt: expire === undefined || expire === null ? Infinity : clock() + (expire as number) * 1000 };
    tickets.set(ticket, record);
    return { ticket, expire_seconds: (expire as number | null | undefined) ?? 0, url, show_qrcode_url: `${pageBase}/__sim/showqrcode?ticket=${encodeURIComponent(ticket)}` };
  }

  function landingPage(appId: string, body: Json) {
    for (const field of ['banner', 'page_title', 'scene', 'card_list']) if (body[field] === undefined || body[field] === '') throw new WeChatError(41011, field);
    if (!SCENES.includes(String(body.scene))) throw new WeChatError(40097, `scene ${String(body.scene)}`);
    if (!Array.isArray(body.card_list) || body.card_list.length === 0) throw new WeChatError(41011, 'card_list');
    for (const item of body.card_list) {
      if (!isObject(item) || typeof item.thumb_url !== 'string') throw new WeChatError(41011, 'card_list[].thumb_url');
      cards.live(appId, item.card_id);
    }
    const pageId = ++pages;
    return { url: `https://mp.weixin.qq.com/bizmall/cardlandingpage?biz=${encodeURIComponent(appId)}&page_id=${pageId}&scene=${body.scene as string}#wechat_redirect`, page_id: pageId };
  }

  /** A live ticket, or undefined for an unknown or expired one. */
  function live(ticket: string): QrTicket | undefined {
    const found = tickets.get(ticket);
    return found && found.expiresAt > clock() ? found : undefined;
  }

  return {
    create,
    landingPage,
    live,
    /** The cards a scan adds; a unique-code ticket scans once. */
    scan(ticket: string): QrTicket {
      const found = live(ticket);
      if (!found) throw new WeChatError(40053, 'unknown or expired ticket');
      if (found.isUniqueCode && found.scanned) throw new WeChatError(40053, 'this unique-code QR code was already scanned');
      found.scanned = true;
      return found;
    },
    reset() {
      tickets = new Map();
      pages = 0;
    },
  };
}
