import type { Transport } from '../../engine/input';
import { isRecord } from '../../utils/isRecord';
import type { CardRequest, ChooseCardFilter, NormalizedOptions } from '../options';
import { createCardExtSource } from './cardExts';
import { createCardSignSource } from './cardSigns';
import { readEmbeddedConfig } from './embedded';
import { createSignatureSource } from './signatures';

/** The engine's transport, plus what the page does before the engine has arrived. */
export interface PageTransport extends Transport {
  /** Whether a card signature can be had (cardSignUrl or getCardSign). */
  readonly signsCards: boolean;
  /** Starts fetching the signature for `url` for a verification on its way (nothing if one is kept). */
  signatureAhead(url: string): void;
  /** Starts fetching card_ext for these cards; `speculative` for a prefetch, not for an add on its way. */
  cardExtAhead(cards: CardRequest[], speculative: boolean): void;
  /** Starts fetching the card signature for a chooseCard call on its way. */
  cardSignAhead(filter: ChooseCardFilter): void;
  /** Drops what calls started ahead and the engine did not take (an embedded or prefetched answer stays). */
  dropUnspeculative(): void;
}

/**
 * How the page and its engine reach the merchant's server, made once per configure(): each
 * kind of answer (signature, card_ext, card sign) from its URL or the page's hook, checked
 * against the wire contract, and handed over from what was fetched ahead or embedded in the
 * page (`#wx-coupon-config`) where there is one. The engine has no HTTP client of its own.
 */
export function createTransport(options: NormalizedOptions): PageTransport {
  const signatures = createSignatureSource(options);
  const cardExts = createCardExtSource(options);
  const cardSigns = createCardSignSource(options);

  // Embedding is for the URL endpoints: hooks (getSignature, getCardExt) are the page's own transport.
  const embedded = readEmbeddedConfig();
  const signature = embedded?.signature;
  if (
    !options.getSignature &&
    isRecord(signature) &&
    typeof signature.url === 'string' &&
    (signature.appId === undefined || signature.appId === options.appId) &&
    // Past its expiry (less the reuse margin, checked when taken), or without one: fetch instead.
    typeof signature.expiresAt === 'number'
  ) {
    signatures.embed(signature.url, signature);
  }
  if (!options.getCardExt && options.cardExtUrl && Array.isArray(embedded?.cardExt)) {
    for (const card of embedded.cardExt as unknown[]) {
      if (isRecord(card) && typeof card.cardId === 'string' && typeof card.cardExt === 'string') {
        cardExts.embed({ cardId: card.cardId, outerStr: typeof card.outerStr === 'string' ? card.outerStr : undefined }, card.cardExt);
      }
    }
  }

  return {
    signature: signatures.get,
    accepted: signatures.accepted,
    rejected: signatures.rejected,
    cardExt: cardExts.get,
    cardSign: (filter) => (cardSigns as NonNullable<typeof cardSigns>).get(filter),
    signsCards: cardSigns !== undefined,
    signatureAhead: signatures.ahead,
    cardExtAhead: cardExts.ahead,
    cardSignAhead: (filter) => cardSigns?.ahead(filter),
    dropUnspeculative() {
      signatures.dropUnspeculative();
      cardExts.dropUnspeculative();
      cardSigns?.dropUnspeculative();
    },
  };
}
