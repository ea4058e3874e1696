// card/qrcode/create: a QR code that puts one card (QR_CARD) or several (QR_MULTIPLE_CARD) in
// the scanning user's Cards & Offers.
import { answerString, optionalNumber, requireArgument } from './answer';
import type { AuthorizedCall } from './transport';

export interface QrCardEntry {
  cardId: string;
  /** Scene value, handed back in the user-get-card event. */
  outerStr?: string;
  /** For a card with use_custom_code: the code to give. */
  code?: string;
  /** For a card with bind_openid: the only user who may add it. */
  openid?: string;
}

export type QrCodeRequest =
  | (QrCardEntry & { expireSeconds?: number; isUniqueCode?: boolean })
  | { cards: QrCardEntry[]; expireSeconds?: number };

export interface QrCode {
  ticket: string;
  /** The QR code's content: draw this, or show `showQrcodeUrl`. */
  url: string;
  /** A page showing the QR code image. */
  showQrcodeUrl: string;
  expireSeconds?: number;
}

export interface QrcodesApi {
  create(request: QrCodeRequest): Promise<QrCode>;
}

// WeChat: expire_seconds from 60 to 1800; without it the code lasts 365 days. Up to 5 cards.
const EXPIRE_MIN = 60;
const EXPIRE_MAX = 1800;
const MAX_CARDS = 5;

function entry({ cardId, outerStr, code, openid }: QrCardEntry, call: string) {
  requireArgument(call, 'cardId', cardId);
  return { card_id: cardId, ...(code === undefined ? {} : { code }), ...(openid === undefined ? {} : { openid }), ...(outerStr === undefined ? {} : { outer_str: outerStr }) };
}

export function createQrcodesApi(call: AuthorizedCall): QrcodesApi {
  return {
    async create(request) {
      const { expireSeconds } = request;
      if (expireSeconds !== undefined && (!Number.isInteger(expireSeconds) || expireSeconds < EXPIRE_MIN || expireSeconds > EXPIRE_MAX)) {
        throw new TypeError(`wx-coupon: qrcodes.create needs expireSeconds from ${EXPIRE_MIN} to ${EXPIRE_MAX} (leave it out for 365 days).`);
      }
      let body: Record<string, unknown>;
      if ('cards' in request) {
        if (!Array.isArray(request.cards) || request.cards.length < 1 || request.cards.length > MAX_CARDS) {
          throw new TypeError(`wx-coupon: qrcodes.create needs cards as 1 to ${MAX_CARDS} entries.`);
        }
        body = { action_name: 'QR_MULTIPLE_CARD', action_info: { multiple_card: { card_list: request.cards.map((card) => entry(card, 'qrcodes.create')) } } };
      } else {
        const card = { ...entry(request, 'qrcodes.create'), ...(request.isUniqueCode === undefined ? {} : { is_unique_code: request.isUniqueCode }) };
        body = { action_name: 'QR_CARD', action_info: { card } };
      }
      if (expireSeconds !== undefined) body.expire_seconds = expireSeconds;
      const path = 'card/qrcode/create';
      // Retried on "busy": a repeat makes one more ticket for the same cards, which costs nothing.
      const answer = await call(path, body);
      const expires = optionalNumber(answer.expire_seconds);
      return {
        ticket: answerString(answer, 'ticket', path),
        url: answerString(answer, 'url', path),
        showQrcodeUrl: answerString(answer, 'show_qrcode_url', path),
        ...(expires === undefined ? {} : { expireSeconds: expires }),
      };
    },
  };
}
