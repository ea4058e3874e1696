// The engine: everything that talks to WeChat (weixin-js-sdk, wx.config, the card calls,
// card_ext). Loaded on demand, only inside WeChat: a dynamic import() for module builds, a
// companion file (wx-coupon.engine.iife.js) for the script tag, so visitors in other
// browsers download only detection and fallbacks.
// Object.assign, not {...spread} or {...rest}, in engine and page code: the script tag targets
// ES2017, where either pulls in about 0.8 KB gzip of transpiler helpers.
import { createCardExtSource, type CardExtSource } from '../page/transport/cardExts';
import { CouponError } from '../errors/CouponError';
import { callWx } from './callWx';
import type { CardRequest, ChooseCardFilter, NormalizedOptions } from '../page/options';
import { createPageVerifier, type VerifierContext } from './verifier';
import { loadSdk } from './loadSdk';
import type { PageModules } from '../page/engineModules';
import type { JsonRequest } from '../utils/requestJson';
import { addCards, type AddedCard, type NormalizedCard } from './addCards';
import { chooseCards, type ChosenCard } from './chooseCards';

export interface Engine {
  verifyPage(): Promise<void>;
  addCards(cards: NormalizedCard[]): Promise<AddedCard[]>;
  chooseCards(filter: ChooseCardFilter): Promise<ChosenCard[]>;
  openCards(cards: Array<{ cardId: string; code: string }>): Promise<void>;
  prefetchCardExt(cards: CardRequest[]): void;
}

/**
 * What the page part tells the engine: where the page is, and the transport (the page's own
 * HTTP client, which hands over requests started early or embedded by the server).
 */
export interface EngineContext extends VerifierContext {
  /** `POST cardExtUrl { cardId, outerStr? }`; undefined where getCardExt (or nothing) is configured. */
  cardExtRequest(card: CardRequest): JsonRequest | undefined;
  /** The modules the page shares with the engine, for the script tag's engine file (src/engine/fromPage.ts). */
  pageModules: PageModules;
}

export function createEngine(options: NormalizedOptions, context: EngineContext): Engine {
  const verifier = createPageVerifier(options, context);
  const verifyPage = () => verifier.verify();
  const cardExt: CardExtSource = createCardExtSource(options, context.request, context.cardExtRequest);

  /**
   * A denied call after our wx.config succeeded means another wx.config on the page (the
   * merchant's own, or a second copy of the SDK) replaced ours: verify again, try once more.
   * WeChat denies before it shows a sheet, so the user sees nothing twice.
   */
  async function againIfDenied<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof CouponError) || error.code !== 'PERMISSION_DENIED') throw error;
      verifier.forget();
      return call();
    }
  }

  return {
    verifyPage,
    addCards: (cards) => againIfDenied(() => addCards(options, verifyPage, cardExt, cards)),
    chooseCards: (filter) => againIfDenied(() => chooseCards(options, context.request, verifyPage, filter)),
    openCards: (cardList) =>
      againIfDenied(async () => {
        const [wx] = await Promise.all([loadSdk(), verifyPage()]);
        await callWx({ api: 'openCard', bridgeName: 'batchViewCard', timeoutMs: options.interactionTimeoutMs }, (callbacks) => wx.openCard(Object.assign({ cardList }, callbacks)));
      }),
    prefetchCardExt: (cards) => cardExt.prefetch(cards),
  };
}

export type { AddedCard, ChosenCard, NormalizedCard };
