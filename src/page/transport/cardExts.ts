import { CouponError } from '../../errors/CouponError';
import type { CardRequest, NormalizedOptions } from '../options';
import { isRecord } from '../../utils/isRecord';
import type { RequestJson } from '../../utils/earlyRequests';
import { callHook } from './callHook';
import type { JsonRequest } from '../../utils/requestJson';
import { invalidArgument } from '../cards/validate';

/** A prefetched card_ext older than this is dropped rather than risk a stale timestamp. */
const PREFETCH_TTL_MS = 10 * 60_000;

function keyOf(card: CardRequest): string {
  return `${card.cardId}\u0000${card.outerStr ?? ''}`;
}

/** Checks a card_ext from the merchant's server: a JSON string with timestamp and signature. */
function checked(value: unknown, source: string): string {
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
  /** A card_ext for one add: a prefetched one if there is a fresh one, else fetched now. */
  take(card: CardRequest): Promise<string>;
  prefetch(cards: CardRequest[]): void;
}

/** `request` reaches the merchant's server (and hands over a card_ext request started early). */
export function createCardExtSource(options: NormalizedOptions, request: RequestJson, cardExtRequest: (card: CardRequest) => JsonRequest | undefined): CardExtSource {
  const prefetched = new Map<string, Array<{ cardExt: Promise<string>; at: number }>>();

  async function fetchOne(card: CardRequest): Promise<string> {
    if (options.getCardExt) {
      const { getCardExt: hook } = options;
      return checked(await callHook('getCardExt()', () => hook(Object.assign({}, card)), options.timeoutMs, 'CARD_EXT_FAILED', `for card ${card.cardId}`), 'getCardExt()');
    }
    const endpoint = cardExtRequest(card);
    if (!endpoint) {
      throw invalidArgument(`Card ${card.cardId} has no cardExt: pass one, or configure cardExtUrl / getCardExt so wx-coupon can fetch it.`);
    }
    const json = await request(endpoint);
    return checked(json.cardExt, endpoint.url);
  }

  /** The prefetched card_exts of a card still fresh, oldest first; stale ones are dropped. */
  function fresh(key: string): Array<{ cardExt: Promise<string>; at: number }> {
    const queue = (prefetched.get(key) ?? []).filter((entry) => Date.now() - entry.at < PREFETCH_TTL_MS);
    if (queue.length) prefetched.set(key, queue);
    else prefetched.delete(key);
    return queue;
  }

  return {
    take(card) {
      // Each prefetched card_ext is used once: WeChat refuses a repeated timestamp and nonce.
      const entry = fresh(keyOf(card)).shift();
      return entry ? entry.cardExt.catch(() => fetchOne(card)) : fetchOne(card);
    },
    prefetch(cards) {
      for (const card of cards) {
        const key = keyOf(card);
        // One unused card_ext per card is enough for the next tap; re-renders ask again.
        if (fresh(key).length > 0) continue;
        const cardExt = fetchOne(card);
        cardExt.catch(() => undefined); // a failed prefetch is retried on the tap, not reported twice
        prefetched.set(key, [{ cardExt, at: Date.now() }]);
      }
    },
  };
}
