import { detectWeChat } from '../env/detect';
import { assertCardsSupported } from '../env/gate';
import { CouponError } from '../errors/CouponError';
import { loadSdk } from '../sdk/loadSdk';
import { requireSession } from '../session';
import { isRecord } from '../utils/postJson';
import { callWx } from './callWx';
import { cardIdOf, invalidArgument, nonEmptyList, optionalString } from './validate';

export interface CardToAdd {
  cardId: string;
  /** A card_ext your server signed (JSON string or object). Omit it to have it fetched. */
  cardExt?: string | object;
  /** Channel tag WeChat returns on the redirect page as outer_str. */
  outerStr?: string;
}

export interface AddedCard {
  cardId: string;
  /** The encrypted code WeChat returns; decrypt it on your server. */
  code: string;
  isSuccess: boolean;
  cardExt: string;
}

interface NormalizedCard {
  cardId: string;
  cardExt?: string;
  outerStr?: string;
}

const WHERE = 'addToCardsAndOffers()';

function normalizeCard(value: CardToAdd): NormalizedCard {
  const cardId = cardIdOf(value.cardId, WHERE);
  const outerStr = optionalString(value.outerStr, 'outerStr', WHERE);
  const { cardExt } = value;
  if (cardExt === undefined || cardExt === null) return { cardId, outerStr };
  if (typeof cardExt === 'string') return { cardId, outerStr, cardExt };
  if (!isRecord(cardExt)) throw invalidArgument(`${WHERE}: cardExt must be a JSON string or an object.`);
  // outer_str is not signed, so it can be added to a signed card_ext here.
  const withOuter = outerStr !== undefined && !('outer_str' in cardExt) ? { ...cardExt, outer_str: outerStr } : cardExt;
  return { cardId, outerStr, cardExt: JSON.stringify(withOuter) };
}

function readAdded(value: unknown): AddedCard[] {
  if (!Array.isArray(value)) {
    throw new CouponError('INVALID_RESPONSE', 'WeChat’s addCard answered without a card list.', { cause: value, request: 'batchAddCard' });
  }
  return value.map((item: unknown) => {
    const card = isRecord(item) ? item : {};
    return {
      cardId: String(card.cardId ?? ''),
      code: String(card.code ?? ''),
      isSuccess: card.isSuccess === true || card.isSuccess === 1 || card.isSuccess === '1' || card.isSuccess === 'true',
      cardExt: String(card.cardExt ?? ''),
    };
  });
}

/**
 * Opens WeChat's sheet to add one or more cards to the user's Cards & Offers (卡包).
 * Resolves with what WeChat added; rejects with a CouponError (CANCELLED when the user
 * closes the sheet). A card without `cardExt` gets one from your server (prefetched by
 * `prefetchCardExt` when possible).
 */
export async function addToCardsAndOffers(cards: CardToAdd | CardToAdd[]): Promise<AddedCard[]> {
  const session = requireSession(WHERE);
  const normalized = nonEmptyList(cards, WHERE).map(normalizeCard);
  assertCardsSupported();
  const { options } = session;

  return session.dedupe(`addCard:${JSON.stringify(normalized)}`, async () => {
    // Verification and card_ext requests run side by side.
    const [wx, cardList] = await Promise.all([
      loadSdk(),
      Promise.all(normalized.map(async (card) => ({ cardId: card.cardId, cardExt: card.cardExt ?? (await session.cardExt.take(card)) }))),
      session.verifyPage(),
    ]);
    const res = await callWx<{ cardList: unknown }>({ api: 'addCard', bridgeName: 'batchAddCard', timeoutMs: options.interactionTimeoutMs }, (callbacks) =>
      wx.addCard({ cardList, ...callbacks }),
    );
    return readAdded(res.cardList);
  });
}

/**
 * Fetches card_ext for these cards now, so a later tap opens WeChat's sheet without a
 * network round trip. Each prefetched card_ext serves one add.
 */
export function prefetchCardExt(cards: string | Array<string | { cardId: string; outerStr?: string }>): void {
  const session = requireSession('prefetchCardExt()');
  const list = (Array.isArray(cards) ? cards : [cards]).map((card) =>
    typeof card === 'string'
      ? { cardId: cardIdOf(card, 'prefetchCardExt()') }
      : { cardId: cardIdOf(card?.cardId, 'prefetchCardExt()'), outerStr: optionalString(card.outerStr, 'outerStr', 'prefetchCardExt()') },
  );
  // Where cards can't work, the add will refuse at once: no point asking the server.
  if (detectWeChat().cardsSupported) session.cardExt.prefetch(list);
}
