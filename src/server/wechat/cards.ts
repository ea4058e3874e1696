// card/create, get, batchget, update, modifystock, delete: the merchant's coupons themselves.
import { COUPON_TYPES, type CardDefinition, type CardPatch, type CardStatus, type CouponType } from '../cards/CardDefinition';
import { validateCard, validateCardPatch } from '../cards/validateCard';
import { CardValidationError } from '../errors/CardValidationError';
import { NewCouponsRefusedError } from '../errors/NewCouponsRefusedError';
import { WeChatApiError } from '../errors/WeChatApiError';
import type { Logger } from '../logger';
import { NEW_COUPON_REFUSAL_ERRCODES } from './errcodes';
import { answerArray, answerObject, answerString, optionalNumber, requireArgument } from './answer';
import type { Answer, AuthorizedCall } from './transport';

export interface FetchedCard {
  cardId: string;
  cardType: CouponType | (string & {});
  /** The review state (base_info.status), when WeChat says. */
  status: CardStatus | null;
  /** The card as WeChat holds it: the definition plus base_info.id, status, sku.total_quantity… */
  card: CardDefinition & Answer;
}

export interface CardsApi {
  /** Validate locally, then card/create. Throws CardValidationError (nothing sent) or NewCouponsRefusedError. */
  create(card: CardDefinition | { card: CardDefinition }): Promise<{ cardId: string }>;
  get(cardId: string): Promise<FetchedCard>;
  /** card/batchget: `count` at most 50 per call. */
  batchGet(options?: { offset?: number; count?: number; statusList?: CardStatus[] }): Promise<{ cardIds: string[]; totalNum: number }>;
  /** card/update; `sendCheck` true when the change sends the card back to review. */
  update(cardId: string, patch: CardPatch): Promise<{ sendCheck: boolean }>;
  /** card/modifystock: `delta` +N adds N to the stock, -N takes N away. */
  modifyStock(cardId: string, delta: number): Promise<void>;
  delete(cardId: string): Promise<void>;
}

export interface CardsApiOptions {
  clock: () => number;
  /** Image hosts that count as WeChat-hosted besides mmbiz.qpic.cn (the stand-in's). */
  imageHosts: () => readonly string[];
  logger: Logger;
  appId: string;
}

const BATCH_MAX = 50;

export function createCardsApi(call: AuthorizedCall, options: CardsApiOptions): CardsApi {
  return {
    async create(definition) {
      const issues = validateCard(definition, { now: options.clock(), imageHosts: options.imageHosts() });
      const errors = issues.filter((issue) => issue.severity === 'error');
      if (errors.length > 0) throw new CardValidationError(errors);
      for (const warning of issues.filter((issue) => issue.severity === 'warning')) {
        options.logger.warn?.('wx-coupon: card definition warning', { appId: options.appId, path: warning.path, rule: warning.rule });
      }
      const card = 'card' in definition ? definition.card : definition;
      const path = 'card/create';
      try {
        // Not retried on "busy": a create that went through before the busy answer would make
        // a second card with its own stock.
        const answer = await call(path, { card }, { idempotent: false });
        return { cardId: answerString(answer, 'card_id', path) };
      } catch (error) {
        if (error instanceof WeChatApiError && NEW_COUPON_REFUSAL_ERRCODES.has(error.errcode) && (COUPON_TYPES as readonly string[]).includes(card.card_type)) {
          throw new NewCouponsRefusedError(error.errcode, error.errmsg, path, card.card_type);
        }
        throw error;
      }
    },

    async get(cardId) {
      requireArgument('cards.get', 'cardId', cardId);
      const path = 'card/get';
      const card = answerObject(await call(path, { card_id: cardId }), 'card', path);
      const cardType = answerString(card, 'card_type', path);
      const body = card[cardType.toLowerCase()] as { base_info?: { status?: unknown } } | undefined;
      const status = typeof body?.base_info?.status === 'string' ? (body.base_info.status as CardStatus) : null;
      return { cardId, cardType, status, card: card as CardDefinition & Answer };
    },

    async batchGet({ offset = 0, count = BATCH_MAX, statusList } = {}) {
      if (!Number.isInteger(offset) || offset < 0) throw new TypeError('wx-coupon: cards.batchGet needs offset as a whole number ≥ 0.');
      if (!Number.isInteger(count) || count < 1 || count > BATCH_MAX) throw new TypeError(`wx-coupon: cards.batchGet needs count from 1 to ${BATCH_MAX} (WeChat's limit per call).`);
      const path = 'card/batchget';
      const answer = await call(path, { offset, count, ...(statusList ? { status_list: statusList } : {}) });
      const cardIds = answerArray(answer, 'card_id_list', path).filter((id): id is string => typeof id === 'string');
      return { cardIds, totalNum: optionalNumber(answer.total_num) ?? cardIds.length };
    },

    async update(cardId, patch) {
      requireArgument('cards.update', 'cardId', cardId);
      const errors = validateCardPatch(patch, { now: options.clock(), imageHosts: options.imageHosts() }).filter((issue) => issue.severity === 'error');
      if (errors.length > 0) throw new CardValidationError(errors, 'card update');
      const answer = await call('card/update', { card_id: cardId, ...patch });
      return { sendCheck: answer.send_check === true };
    },

    async modifyStock(cardId, delta) {
      requireArgument('cards.modifyStock', 'cardId', cardId);
      if (!Number.isInteger(delta) || delta === 0) throw new TypeError('wx-coupon: cards.modifyStock needs delta as a non-zero whole number: +N adds N, -N takes N away.');
      // Not retried on "busy": a change that went through before the busy answer would be made twice.
      await call('card/modifystock', { card_id: cardId, ...(delta > 0 ? { increase_stock_value: delta } : { reduce_stock_value: -delta }) }, { idempotent: false });
    },

    async delete(cardId) {
      requireArgument('cards.delete', 'cardId', cardId);
      // Not retried on "busy": the repeat of a delete that went through is refused (40073) and
      // would hide that the card is gone.
      await call('card/delete', { card_id: cardId }, { idempotent: false });
    },
  };
}
