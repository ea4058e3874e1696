import { assertCardsSupported } from '../../env/gate';
import { requireSession } from '../session';
import { rejectMisspeltKey } from '../../utils/misspeltKey';
import { cardIdOf, invalidArgument, nonEmptyList } from './validate';

export interface CardToOpen {
  cardId: string;
  /** The card's code (decrypted, or as WeChat returned it from addCard). */
  code: string;
}

const WHERE = 'openCard()';

/** Shows cards from the user's Cards & Offers. */
export async function openCard(cards: CardToOpen[]): Promise<void> {
  const session = requireSession(WHERE);
  if (!Array.isArray(cards)) throw invalidArgument(`${WHERE}: pass an array of { cardId, code }.`);
  const cardList = nonEmptyList(cards, WHERE).map((card) => {
    rejectMisspeltKey(card, ['cardId', 'code'], WHERE);
    if (typeof card.code !== 'string' || card.code === '') throw invalidArgument(`${WHERE}: each card needs its code.`);
    return { cardId: cardIdOf(card.cardId, WHERE), code: card.code };
  });
  assertCardsSupported();
  await session.singleFlight(`openCard:${JSON.stringify(cardList)}`, async () => (await session.engine(true)).openCards(cardList));
}
