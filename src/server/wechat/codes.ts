// card/code/*: look up, redeem, decrypt and withdraw a user's code.
import { UpstreamHttpError } from '../errors/UpstreamHttpError';
import { answerObject, answerString, optionalNumber, requireArgument } from './answer';
import { readErrcode, type AuthorizedCall } from './transport';

export interface ConsumedCode {
  code: string;
  cardId: string | null;
  openid: string | null;
}

/** `user_card_status` of card/code/get. */
export type UserCardStatus = 'NORMAL' | 'CONSUMED' | 'EXPIRE' | 'GIFTING' | 'GIFT_TIMEOUT' | 'DELETE' | 'UNAVAILABLE' | (string & {});

export interface CodeInfo {
  cardId: string;
  openid: string;
  /** Whether the code can be redeemed now (card/code/get's can_consume). */
  canConsume: boolean;
  userCardStatus: UserCardStatus;
  /** Unix seconds, when WeChat says. */
  beginTime?: number;
  endTime?: number;
}

export interface CodesApi {
  /** The code's card, owner and state (`card/code/get`); with `checkConsume`, WeChat also checks it can be consumed. */
  get(input: { code: string; cardId?: string; checkConsume?: boolean }): Promise<CodeInfo>;
  /** Redeem a code (`card/code/consume`); errcode 40099 when it was already consumed. */
  consume(input: { code: string; cardId?: string }): Promise<ConsumedCode>;
  /** The real code behind an `encrypt_code` (`card/code/decrypt`). */
  decrypt(encryptCode: string): Promise<string>;
  /** Make a code unusable (`card/code/unavailable`), e.g. after a refund. */
  markUnavailable(input: { code: string; cardId?: string; reason?: string }): Promise<void>;
}

const withCardId = (body: Record<string, unknown>, cardId: string | undefined) => (cardId === undefined ? body : { ...body, card_id: cardId });

export function createCodesApi(call: AuthorizedCall): CodesApi {
  return {
    async get({ code, cardId, checkConsume }) {
      requireArgument('codes.get', 'code', code);
      const path = 'card/code/get';
      const body = withCardId({ code, ...(checkConsume === undefined ? {} : { check_consume: checkConsume }) }, cardId);
      const answer = await call(path, body);
      const card = answerObject(answer, 'card', path);
      const beginTime = optionalNumber(card.begin_time);
      const endTime = optionalNumber(card.end_time);
      return {
        cardId: answerString(card, 'card_id', path),
        openid: answerString(answer, 'openid', path),
        canConsume: answer.can_consume === true,
        userCardStatus: typeof answer.user_card_status === 'string' ? answer.user_card_status : 'NORMAL',
        ...(beginTime === undefined ? {} : { beginTime }),
        ...(endTime === undefined ? {} : { endTime }),
      };
    },

    async consume({ code, cardId }) {
      if (typeof code !== 'string' || code === '') throw new TypeError('wx-coupon: consumeCode needs the code.');
      const path = 'card/code/consume';
      // Not retried on "busy": a consume that went through before the busy answer would come
      // back as "already consumed" and hide the redemption that did happen.
      const answer = await call(path, withCardId({ code }, cardId), { idempotent: false });
      // WeChat confirms a redemption with errcode 0. An answer without one (a proxy's JSON, a
      // changed API) confirms nothing, and staff must not be told the code was redeemed.
      if (readErrcode(answer, { required: true }).kind !== 'success') {
        throw new UpstreamHttpError(path, 200, 'the answer does not confirm the consume (no errcode 0)');
      }
      const card = answer.card as { card_id?: unknown } | undefined;
      return {
        code,
        cardId: typeof card?.card_id === 'string' ? card.card_id : (cardId ?? null),
        openid: typeof answer.openid === 'string' ? answer.openid : null,
      };
    },

    async decrypt(encryptCode) {
      if (typeof encryptCode !== 'string' || encryptCode === '') throw new TypeError('wx-coupon: decryptCode needs the encrypt_code string.');
      const path = 'card/code/decrypt';
      return answerString(await call(path, { encrypt_code: encryptCode }), 'code', path);
    },

    async markUnavailable({ code, cardId, reason }) {
      requireArgument('codes.markUnavailable', 'code', code);
      // Not retried on "busy": a second call on a code the first made unavailable is refused,
      // and that refusal would hide that the first worked.
      await call('card/code/unavailable', withCardId({ code, ...(reason === undefined ? {} : { reason }) }, cardId), { idempotent: false });
    },
  };
}
