// The cards the stand-in's apps created: card/create, get, batchget, update, modifystock,
// delete, with WeChat's review (CARD_STATUS_NOT_VERIFY → CARD_STATUS_VERIFY_OK or
// CARD_STATUS_VERIFY_FAIL) on the stand-in's clock.
import { checkBaseInfo, checkCouponDefinition, couponOf, isObject, type CouponType, type Json } from './cardDefinition';
import type { StandInCardEventSink } from './cardEvent';
import { WeChatError } from './errcodes';
import { randomString } from '../../server/nonce';

export type CardStatus = 'CARD_STATUS_NOT_VERIFY' | 'CARD_STATUS_VERIFY_FAIL' | 'CARD_STATUS_VERIFY_OK' | 'CARD_STATUS_DELETE' | 'CARD_STATUS_DISPATCH';

export interface StoredCard {
  cardId: string;
  appId: string;
  cardType: CouponType;
  /** The type's object as created and updated (`base_info`, `advanced_info`, `deal_detail`…). */
  body: Json;
  status: CardStatus;
  refuseReason?: string;
  /** Left in stock, and ever put in stock (sku.quantity / sku.total_quantity). */
  quantity: number;
  totalQuantity: number;
  /** sku.quantity at card/create: WeChat's stock alarm counts from it. */
  initialQuantity: number;
  createdAt: number;
  updatedAt: number;
  /** When the pending review passes by itself; Infinity when only approve() / reject() decide. */
  reviewDueAt: number;
  /** When card_sku_remind was last sent (WeChat sends it at most every 12 h). */
  remindedAt: number;
}

// WeChat's card_ids are 'p' and 27 characters of [A-Za-z0-9_-]; fixed ids given to createCard() may be shorter.
export const CARD_ID_PATTERN = /^p[\w-]{1,63}$/;
const BATCHGET_MAX = 50;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// WeChat updates these only through a new review (card/update answers send_check: true).
const REVIEWED_FIELDS = ['title', 'sub_title', 'logo_url', 'brand_name'];

export interface CardStoreOptions {
  clock: () => number;
  /** null: reviews wait for approve() / reject(). */
  reviewDelayMs: number | null;
  emit: StandInCardEventSink;
}

export type CardStore = ReturnType<typeof createCardStore>;

export function createCardStore(options: CardStoreOptions) {
  const { clock, emit } = options;
  let cards = new Map<string, StoredCard>();
  const seconds = (ms: number) => Math.floor(ms / 1000);

  const reviewEvent = (card: StoredCard, passed: boolean, at: number) =>
    emit({
      Event: passed ? 'card_pass_check' : 'card_not_pass_check',
      FromUserName: card.appId,
      CreateTime: seconds(at),
      CardId: card.cardId,
      ...(passed ? {} : { RefuseReason: card.refuseReason ?? '' }),
    });

  /** Passes the reviews that are due on the stand-in's clock, in the order they fall due. */
  function settleReviews(): void {
    const now = clock();
    const due = [...cards.values()].filter((card) => card.status === 'CARD_STATUS_NOT_VERIFY' && card.reviewDueAt <= now).sort((a, b) => a.reviewDueAt - b.reviewDueAt);
    for (const card of due) {
      card.status = 'CARD_STATUS_VERIFY_OK';
      reviewEvent(card, true, card.reviewDueAt);
    }
  }

  const startReview = (card: StoredCard) => {
    card.status = 'CARD_STATUS_NOT_VERIFY';
    card.refuseReason = undefined;
    card.reviewDueAt = options.reviewDelayMs === null ? Infinity : clock() + options.reviewDelayMs;
  };

  /** The app's card, or 41012 / 40073 for a missing, malformed, unknown or other app's card_id. */
  function find(appId: string, cardId: unknown): StoredCard {
    settleReviews();
    if (cardId === undefined || cardId === '') throw new WeChatError(41012);
    if (typeof cardId !== 'string' || !CARD_ID_PATTERN.test(cardId)) throw new WeChatError(40073, 'malformed card_id');
    const card = cards.get(cardId);
    if (!card || card.appId !== appId) throw new WeChatError(40073);
    return card;
  }

  /** find(), refusing deleted cards: what every call but card/get needs. */
  function live(appId: string, cardId: unknown): StoredCard {
    const card = find(appId, cardId);
    if (card.status === 'CARD_STATUS_DELETE') throw new WeChatError(40073, 'the card was deleted');
    return card;
  }

  function create(appId: string, definition: unknown, fixedCardId?: string): StoredCard {
    settleReviews();
    const { cardType, body, baseInfo } = checkCouponDefinition(definition);
    // Random, as WeChat's are unique: two stand-ins never share a card_id.
    const cardId = fixedCardId ?? `p${randomString(27, ID_ALPHABET)}`;
    if (cards.has(cardId)) throw new TypeError(`wx-coupon: the stand-in already has card ${cardId}.`);
    const quantity = (baseInfo.sku as Json).quantity as number;
    const now = clock();
    const card: StoredCard = {
      cardId,
      appId,
      cardType,
      body: structuredClone(body),
      status: 'CARD_STATUS_NOT_VERIFY',
      quantity,
      totalQuantity: quantity,
      initialQuantity: quantity,
      createdAt: now,
      updatedAt: now,
      reviewDueAt: Infinity,
      remindedAt: -Infinity,
    };
    startReview(card);
    cards.set(cardId, card);
    settleReviews();
    return card;
  }

  /** card/get's `card`: the definition as stored, with WeChat's own fields filled in. */
  function describe(card: StoredCard): Json {
    const baseInfo = card.body.base_info as Json;
    return {
      card_type: card.cardType,
      [card.cardType.toLowerCase()]: {
        ...card.body,
        base_info: {
          ...baseInfo,
          id: card.cardId,
          status: card.status,
          sku: { ...(baseInfo.sku as Json), quantity: card.quantity, total_quantity: card.totalQuantity },
          create_time: seconds(card.createdAt),
          update_time: seconds(card.updatedAt),
          ...(card.refuseReason ? { review_refuse_reason: card.refuseReason } : {}),
        },
      },
    };
  }

  function batchget(appId: string, body: Json) {
    settleReviews();
    const offset = body.offset ?? 0;
    const count = body.count;
    if (!Number.isInteger(offset) || (offset as number) < 0) throw new WeChatError(40097, 'offset');
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > BATCHGET_MAX) throw new WeChatError(40097, `count must be 1 to ${BATCHGET_MAX}`);
    const statuses = body.status_list;
    if (statuses !== undefined && !(Array.isArray(statuses) && statuses.every((s) => typeof s === 'string'))) throw new WeChatError(47001, 'status_list');
    const matching = [...cards.values()].filter((card) => card.appId === appId && card.status !== 'CARD_STATUS_DELETE' && (!statuses || (statuses as string[]).includes(card.status)));
    return { card_id_list: matching.slice(offset as number, (offset as number) + (count as number)).map((card) => card.cardId), total_num: matching.length };
  }

  /** card/update: merges base_info and the type's fields; a reviewed field sends the card back to review. */
  function update(appId: string, body: Json): { send_check: boolean } {
    const card = live(appId, body.card_id);
    const changes = body[card.cardType.toLowerCase()];
    if (!isObject(changes)) throw new WeChatError(41011, `${card.cardType.toLowerCase()} (the card's type) is missing`);
    const baseChanges = isObject(changes.base_info) ? changes.base_info : {};
    if (baseChanges.sku !== undefined) throw new WeChatError(47001, 'sku cannot be updated; use card/modifystock');
    checkBaseInfo(baseChanges, true);
    const baseInfo = card.body.base_info as Json;
    const sendCheck = REVIEWED_FIELDS.some((field) => baseChanges[field] !== undefined && baseChanges[field] !== baseInfo[field]);
    card.body = { ...card.body, ...changes, base_info: { ...baseInfo, ...baseChanges } };
    couponOf({ card_type: card.cardType, [card.cardType.toLowerCase()]: card.body });
    card.updatedAt = clock();
    if (sendCheck) startReview(card);
    settleReviews();
    return { send_check: sendCheck };
  }

  function modifyStock(appId: string, body: Json): void {
    const card = live(appId, body.card_id);
    const increase = body.increase_stock_value ?? 0;
    const reduce = body.reduce_stock_value ?? 0;
    if (!Number.isInteger(increase) || !Number.isInteger(reduce) || (increase as number) < 0 || (reduce as number) < 0) throw new WeChatError(40122, 'increase_stock_value / reduce_stock_value must be non-negative integers');
    const quantity = card.quantity + (increase as number) - (reduce as number);
    if (quantity < 0 || quantity > 100_000_000) throw new WeChatError(40122, `stock would be ${quantity}`);
    card.quantity = quantity;
    card.totalQuantity += (increase as number) - (reduce as number);
    card.updatedAt = clock();
  }

  /**
   * One card out of stock for an add, and WeChat's stock alarm: card_sku_remind when a card
   * that started with more than 200 has 100 or fewer left, at most every 12 hours.
   */
  function takeOne(card: StoredCard, openid: string): void {
    if (card.quantity <= 0) throw new WeChatError(45031);
    card.quantity--;
    const now = clock();
    if (card.initialQuantity > 200 && card.quantity <= 100 && now - card.remindedAt >= 12 * 3_600_000) {
      card.remindedAt = now;
      emit({
        Event: 'card_sku_remind',
        FromUserName: openid,
        CreateTime: seconds(now),
        CardId: card.cardId,
        Detail: card.quantity === 0 ? "the card's quantity is equal to 0" : `the card's quantity is ${card.quantity}`,
      });
    }
  }

  function decide(cardId: string, passed: boolean, reason?: string): void {
    settleReviews();
    const card = cards.get(cardId);
    if (!card) throw new TypeError(`wx-coupon: the stand-in has no card ${cardId}.`);
    if (card.status !== 'CARD_STATUS_NOT_VERIFY') throw new TypeError(`wx-coupon: card ${cardId} is not under review (${card.status}).`);
    card.status = passed ? 'CARD_STATUS_VERIFY_OK' : 'CARD_STATUS_VERIFY_FAIL';
    card.refuseReason = passed ? undefined : reason ?? '';
    reviewEvent(card, passed, clock());
  }

  return {
    settleReviews,
    find,
    live,
    create,
    describe,
    batchget,
    update,
    modifyStock,
    takeOne,
    remove(appId: string, cardId: unknown) {
      const card = live(appId, cardId);
      card.status = 'CARD_STATUS_DELETE';
      card.updatedAt = clock();
    },
    approve: (cardId: string) => decide(cardId, true),
    reject: (cardId: string, reason: string) => decide(cardId, false, reason),
    /** The next time a review falls due (for a timer on a real clock). */
    all: () => [...cards.values()],
    nextReviewAt: () => Math.min(...[...cards.values()].filter((card) => card.status === 'CARD_STATUS_NOT_VERIFY').map((card) => card.reviewDueAt)),
    reset() {
      cards = new Map();
    },
  };
}
