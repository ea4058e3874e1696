import type { Transport } from '../../engine/input';
import { isRecord } from '../../utils/isRecord';
import type { CardRequest, CardSign, ChooseCardFilter, NormalizedOptions } from '../options';
import type { AnswerSource } from './answerSource';
import { createCardExtSource, embeddedCardExt } from './cardExts';
import { createCardSignSource } from './cardSigns';
import { readEmbeddedConfig } from './embedded';
import { createSignatureSource, stillValid, type SignatureSource } from './signatures';

/**
 * The engine's transport, plus what the page does before the engine has arrived: each source
 * can fetch `ahead` (a prefetch, or a request for a call on its way) and drop what calls
 * started ahead and the engine did not take.
 */
export interface PageTransport extends Transport {
  signatures: SignatureSource;
  cardExts: AnswerSource<CardRequest, string>;
  cardSigns?: AnswerSource<ChooseCardFilter, CardSign>;
}

/**
 * How the page and its engine reach the merchant's server, made once per configure(): each
 * kind of answer (signature, card_ext, card sign) from its URL or the page's hook, checked
 * against the wire contract, and handed over from what was fetched ahead or embedded in the
 * page (`#wx-coupon-config`) where there is one. The engine has no HTTP client of its own.
 */
export function createTransport(options: NormalizedOptions, readsEmbedded = true): PageTransport {
  const signatures = createSignatureSource(options);
  const cardExts = createCardExtSource(options);
  const cardSigns = createCardSignSource(options);

  // Embedding is for the URL endpoints: hooks (getSignature, getCardExt) are the page's own transport.
  const embedded = readsEmbedded ? readEmbeddedConfig() : undefined;
  const signature = embedded?.signature;
  if (
    !options.getSignature &&
    isRecord(signature) &&
    typeof signature.url === 'string' &&
    (signature.appId === undefined || signature.appId === options.appId) &&
    // Without an expiry it cannot be shown to be fresh; one past it is of no use. Either is
    // left out here, so the verification on its way fetches one beside the engine's download.
    typeof signature.expiresAt === 'number' &&
    stillValid({ expiresAt: signature.expiresAt })
  ) {
    signatures.embed(signature.url, signature);
  }
  if (!options.getCardExt && options.cardExtUrl && Array.isArray(embedded?.cardExt)) {
    for (const card of embedded.cardExt as unknown[]) {
      // Kept under its cardId and outerStr (a card asked for with others finds none); the
      // card_ext itself is checked when taken, and one that fails its check is fetched anew.
      if (isRecord(card)) cardExts.put(card as unknown as CardRequest, embeddedCardExt(card.cardExt));
    }
  }

  return { signatures, cardExts, cardSigns };
}

/** Drops what calls started ahead and the engine did not take (an embedded or prefetched answer stays). */
export function dropUnspeculative({ signatures, cardExts, cardSigns }: PageTransport): void {
  signatures.dropUnspeculative();
  cardExts.dropUnspeculative();
  cardSigns?.dropUnspeculative();
}
