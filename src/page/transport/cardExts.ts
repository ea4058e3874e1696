import type { CardExtRequest, CardExtResponse, Unchecked } from '../../contract';
import { isRecord } from '../../utils/isRecord';
import { CouponError } from '../../errors/CouponError';
import type { CardRequest, NormalizedOptions } from '../options';
import { invalidArgument } from '../cards/validate';
import { createAhead } from './ahead';
import { reach, type Reached } from './reach';

/** A card_ext fetched ahead and older than this is dropped rather than risk a stale timestamp. */
const AHEAD_TTL_MS = 10 * 60_000;

const keyOf = (card: CardRequest) => `${card.cardId}\u0000${card.outerStr ?? ''}`;

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

export interface CardExtSource {
  /** A card_ext for one add: one fetched or embedded ahead if a fresh one waits, else fetched now. */
  get(card: CardRequest): Promise<string>;
  /**
   * Fetches card_ext for these cards now, one waiting per card at most. `speculative`
   * (a prefetch): a failure is retried by the add that takes it; otherwise (the add is on
   * its way) its failure is that add's.
   */
  ahead(cards: CardRequest[], speculative: boolean): void;
  /** One card_ext the server embedded in the page for `card`: it serves one add. */
  embed(card: CardRequest, cardExt: string): void;
  dropUnspeculative(): void;
}

export function createCardExtSource(options: NormalizedOptions): CardExtSource {
  const ahead = createAhead<string>(AHEAD_TTL_MS);
  const { cardExtUrl } = options;
  const fetchRaw = reach<CardRequest>({
    hook: options.getCardExt,
    hookName: 'getCardExt()',
    request: cardExtUrl
      ? (card) => {
          const body: CardExtRequest = card.outerStr === undefined ? { cardId: card.cardId } : { cardId: card.cardId, outerStr: card.outerStr };
          return { url: cardExtUrl, method: 'POST', body, timeoutMs: options.timeoutMs, failure: 'CARD_EXT_FAILED', what: 'card_ext endpoint' };
        }
      : undefined,
    timeoutMs: options.timeoutMs,
    failure: 'CARD_EXT_FAILED',
    context: (card) => `for card ${card.cardId}`,
  });

  async function fetchNow(card: CardRequest): Promise<string> {
    if (!fetchRaw) {
      throw invalidArgument(`Card ${card.cardId} has no cardExt: pass one, or configure cardExtUrl / getCardExt so wx-coupon can fetch it.`);
    }
    return checked(await fetchRaw(card));
  }

  return {
    // Each card_ext is used once: WeChat refuses a repeated timestamp and nonce.
    get: (card) => ahead.take(keyOf(card), () => fetchNow(card)),
    ahead(cards, speculative) {
      for (const card of cards) {
        // One unused card_ext per card is enough for the next add; re-renders ask again.
        if (!ahead.has(keyOf(card))) ahead.put(keyOf(card), fetchNow(card), speculative);
      }
    },
    embed: (card, cardExt) => ahead.put(keyOf(card), Promise.resolve().then(() => checked({ raw: { cardExt }, source: 'the page’s #wx-coupon-config', wire: true })), true),
    dropUnspeculative: ahead.dropUnspeculative,
  };
}
