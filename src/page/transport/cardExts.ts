import type { CardExtRequest, CardExtResponse, Unchecked } from '../../contract';
import { isRecord } from '../../utils/isRecord';
import { CouponError } from '../../errors/CouponError';
import type { CardRequest, NormalizedOptions } from '../options';
import { invalidArgument } from '../cards/validate';
import { createAnswerSource, type AnswerSource } from './answerSource';
import { reach, type Reached } from './reach';
import { EMBEDDED } from './embedded';

/** A card_ext fetched ahead and older than this is dropped rather than risk a stale timestamp. */
const AHEAD_TTL_MS = 10 * 60_000;

/** Checks a card_ext from the merchant's server: a JSON string (or object) with timestamp and signature. */
function checked({ raw, source, wire }: Reached): string {
  const value = wire && isRecord(raw) ? (raw as Unchecked<CardExtResponse>).cardExt : raw;
  const text = typeof value === 'string' ? value : isRecord(value) ? JSON.stringify(value) : undefined;
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || parsed.timestamp === undefined || typeof parsed.signature !== 'string') {
    throw new CouponError('CARD_EXT_FAILED', `The card_ext from ${source} is not a JSON string with timestamp and signature (spec: {"timestamp","nonce_str","signature",…}).`, {
      cause: value,
      request: source,
    });
  }
  return text as string;
}

/** The card_exts for adds: each serves one add (WeChat refuses a repeated timestamp and nonce). */
export function createCardExtSource(options: NormalizedOptions): AnswerSource<CardRequest, string> {
  const { cardExtUrl } = options;
  const fetchRaw = reach<CardRequest>({
    hook: options.getCardExt,
    hookName: 'getCardExt()',
    request: cardExtUrl
      ? (card) => {
          const body: CardExtRequest = card.outerStr === undefined ? { cardId: card.cardId } : { cardId: card.cardId, outerStr: card.outerStr };
          return { url: cardExtUrl, method: 'POST', body };
        }
      : undefined,
    what: 'card_ext endpoint',
    timeoutMs: options.timeoutMs,
    failure: 'CARD_EXT_FAILED',
    context: (card) => `for card ${card.cardId}`,
  });
  return createAnswerSource(
    async (card) => {
      if (!fetchRaw) {
        throw invalidArgument(`Card ${card.cardId} has no cardExt: pass one, or configure cardExtUrl / getCardExt so wx-coupon can fetch it.`);
      }
      return checked(await fetchRaw(card));
    },
    (card) => `${card.cardId}\u0000${card.outerStr || ''}`,
    AHEAD_TTL_MS,
  );
}

/** A card_ext the server embedded in the page, checked as the card-ext route's answer would be. */
export function embeddedCardExt(cardExt: unknown): Promise<string> {
  return Promise.resolve().then(() => checked({ raw: { cardExt }, source: EMBEDDED, wire: true }));
}
