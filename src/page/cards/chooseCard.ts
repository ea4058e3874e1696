import type { ChosenCard } from '../../engine';
import { assertCardsSupported } from '../../env/gate';
import type { ChooseCardFilter } from '../options';
import { requireSession } from '../session';
import { isRecord } from '../../utils/isRecord';
import { rejectMisspeltKey } from '../../utils/misspeltKey';
import { cardIdOf, invalidArgument, optionalString } from './validate';

export type { ChosenCard };

const WHERE = 'chooseCard()';

function normalizeFilter(filter: ChooseCardFilter | undefined): ChooseCardFilter {
  if (filter === undefined || filter === null) return {};
  if (!isRecord(filter)) throw invalidArgument(`${WHERE}: the filter must be an object like { shopId, cardType, cardId }.`);
  rejectMisspeltKey(filter, ['shopId', 'cardType', 'cardId'], WHERE);
  const { shopId } = filter;
  const normalized: ChooseCardFilter = {};
  if (shopId !== undefined && shopId !== null && shopId !== '') {
    if (!/^\d+$/.test(String(shopId))) throw invalidArgument(`${WHERE}: shopId must be a numeric WeChat location id.`);
    normalized.shopId = String(shopId);
  }
  const cardType = optionalString(filter.cardType, 'cardType', WHERE);
  if (cardType !== undefined) normalized.cardType = cardType;
  if (filter.cardId !== undefined && filter.cardId !== '') normalized.cardId = cardIdOf(filter.cardId, WHERE);
  return normalized;
}

/**
 * Lets the user pick coupons from Cards & Offers (for the shop, type or card given).
 * Resolves with the chosen cards and their encrypted codes.
 */
export async function chooseCard(filter?: ChooseCardFilter): Promise<ChosenCard[]> {
  const session = requireSession(WHERE);
  const normalized = normalizeFilter(filter);
  if (!session.transport.cardSigns) {
    throw invalidArgument(`${WHERE} needs a card signature: configure cardSignUrl or getCardSign(filter).`);
  }
  assertCardsSupported();
  return session.singleFlight(`chooseCard:${JSON.stringify(normalized)}`, async () => {
    const engine = session.engine(true);
    // The card signature the engine will ask for goes out now, beside the engine's download.
    if (!session.engineLoaded()) session.transport.cardSigns?.ahead(normalized, false);
    return (await engine).chooseCards(normalized);
  });
}
