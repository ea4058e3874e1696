import type { AddedCard, NormalizedCard } from '../../engine';
import { detectWeChat } from '../../env/detect';
import { assertCardsSupported } from '../../env/gate';
import { requireSession } from '../session';
import { isRecord } from '../../utils/isRecord';
import { rejectMisspeltKey } from '../../utils/misspeltKey';
import { cardIdOf, invalidArgument, nonEmptyList, optionalString } from './validate';

export type { AddedCard };

export interface CardToAdd {
  cardId: string;
  /** A card_ext your server signed (JSON string or object). Omit it to have it fetched. */
  cardExt?: string | object;
  /** Channel tag WeChat returns on the redirect page as outer_str. */
  outerStr?: string;
}

const WHERE = 'addToCardsAndOffers()';

function normalizeCard(value: CardToAdd): NormalizedCard {
  rejectMisspeltKey(value, ['cardId', 'cardExt', 'outerStr'], WHERE);
  const cardId = cardIdOf(value.cardId, WHERE);
  const outerStr = optionalString(value.outerStr, 'outerStr', WHERE);
  const { cardExt } = value;
  if (cardExt === undefined || cardExt === null) return { cardId, outerStr };
  if (typeof cardExt === 'string') return { cardId, outerStr, cardExt };
  if (!isRecord(cardExt)) throw invalidArgument(`${WHERE}: cardExt must be a JSON string or an object.`);
  // outer_str is not signed, so it can be added to a signed card_ext here.
  // Object.assign, not {...spread}: the script tag targets ES2017, where a spread costs a 0.4 KB gzip helper.
  const withOuter = outerStr !== undefined && !('outer_str' in cardExt) ? Object.assign({}, cardExt, { outer_str: outerStr }) : cardExt;
  return { cardId, outerStr, cardExt: JSON.stringify(withOuter) };
}

/**
 * Opens WeChat's sheet to add one or more cards to the user's Cards & Offers (卡包).
 * Resolves with what WeChat added; rejects with a CouponError (CANCELLED when the user
 * closes the sheet). A card without `cardExt` gets one from your server (prefetched by
 * `prefetchCardExt` when possible). A double tap shares the first tap's result.
 */
export async function addToCardsAndOffers(cards: CardToAdd | CardToAdd[]): Promise<AddedCard[]> {
  const session = requireSession(WHERE);
  const normalized = nonEmptyList(cards, WHERE).map(normalizeCard);
  assertCardsSupported();
  return session.singleFlight(`addCard:${JSON.stringify(normalized)}`, async () => {
    const engine = session.engine(true);
    // The card_ext the engine will ask for goes out now, beside the engine's download.
    if (!session.engineLoaded()) for (const card of normalized) if (card.cardExt === undefined) session.transport.cardExts.ahead(card, false);
    return (await engine).addCards(normalized);
  });
}

/**
 * Fetches card_ext for these cards now (and loads the SDK), so a later tap opens WeChat's
 * sheet without a round trip. Each prefetched card_ext serves one add. Does nothing where
 * cards can't work.
 */
export function prefetchCardExt(cards: string | Array<string | { cardId: string; outerStr?: string }>): void {
  const session = requireSession('prefetchCardExt()');
  const where = 'prefetchCardExt()';
  const list = (Array.isArray(cards) ? cards : [cards]).map((card) => {
    if (typeof card === 'string') return { cardId: cardIdOf(card, where) };
    if (isRecord(card)) rejectMisspeltKey(card, ['cardId', 'outerStr'], where);
    return { cardId: cardIdOf(card?.cardId, where), outerStr: optionalString(card.outerStr, 'outerStr', where) };
  });
  if (!detectWeChat().cardsSupported) return;
  // A failed prefetch is retried by the tap itself, which reports it.
  for (const card of list) session.transport.cardExts.ahead(card, true);
  session.engine().catch(() => undefined);
}
