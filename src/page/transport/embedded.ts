import type { JsonRequest } from '../../utils/requestJson';
import type { NormalizedOptions } from '../options';
import { cardExtRequest } from './cardExtRequest';
import { REUSE_MARGIN_MS, signatureRequest } from './signatureRequest';
import { isRecord } from '../../utils/isRecord';
import { EMBEDDED_CONFIG_ID, type EmbeddedCardExt, type EmbeddedCouponConfig } from '../../embedded/types';

/** An embedded answer, and the request it answers (the one the engine would send). */
export interface EmbeddedAnswer {
  request: JsonRequest;
  answer: Record<string, unknown>;
}

/** The page's `<script type="application/json" id="wx-coupon-config">`, or undefined. */
function readElement(): EmbeddedCouponConfig | undefined {
  const element = typeof document === 'undefined' ? null : document.getElementById(EMBEDDED_CONFIG_ID);
  if (!element) return undefined;
  try {
    const config: unknown = JSON.parse(element.textContent ?? '');
    if (isRecord(config)) return config;
  } catch {
    // reported below
  }
  console.warn(`wx-coupon: #${EMBEDDED_CONFIG_ID} is not a JSON object; the page fetches its signature and card_ext instead.`);
  return undefined;
}

/**
 * What the server embedded, as answers to the requests the engine will make: the signature
 * keyed by the URL it was made for (a page now at another URL asks for its own), card_ext by
 * card. A signature past its `expiresAt`, or made for another appId, is left out, so the
 * page fetches one; anything else is checked by the engine as a network answer would be
 * (and one WeChat rejects is fetched afresh). Embedding is for the URL endpoints: hooks
 * (getSignature, getCardExt) are the page's own transport.
 */
export function embeddedAnswers(options: NormalizedOptions): EmbeddedAnswer[] {
  const config = readElement();
  const answers: EmbeddedAnswer[] = [];
  const signature = config?.signature;
  if (
    isRecord(signature) &&
    typeof signature.url === 'string' &&
    (signature.appId === undefined || signature.appId === options.appId) &&
    typeof signature.expiresAt === 'number' &&
    signature.expiresAt - REUSE_MARGIN_MS > Date.now()
  ) {
    const request = signatureRequest(options, signature.url);
    // Marked, so that one WeChat rejects is fetched afresh for the same URL (signature.ts).
    if (request) answers.push({ request, answer: Object.assign({ embedded: true }, signature) });
  }
  for (const card of Array.isArray(config?.cardExt) ? config.cardExt : []) {
    const request = isRecord(card) && typeof card.cardExt === 'string' ? cardExtRequest(options, card as EmbeddedCardExt) : undefined;
    if (request) answers.push({ request, answer: { cardExt: card.cardExt } });
  }
  return answers;
}
