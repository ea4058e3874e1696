import type { CardExtRequest } from '../../contract';
import type { CardRequest, NormalizedOptions } from '../options';
import type { JsonRequest } from '../../utils/requestJson';

/** `POST cardExtUrl { cardId, outerStr? }` under the wire contract; undefined where a getCardExt hook or no URL is configured. */
export function cardExtRequest(options: NormalizedOptions, card: CardRequest): JsonRequest | undefined {
  if (options.getCardExt || !options.cardExtUrl) return undefined;
  const body: CardExtRequest = card.outerStr === undefined ? { cardId: card.cardId } : { cardId: card.cardId, outerStr: card.outerStr };
  return { url: options.cardExtUrl, method: 'POST', body, timeoutMs: options.timeoutMs, failure: 'CARD_EXT_FAILED', what: 'card_ext endpoint' };
}
