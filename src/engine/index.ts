// The engine: everything that talks to WeChat (weixin-js-sdk, wx.config, the card calls).
// Loaded on demand, only inside WeChat: a dynamic import() for module builds, a companion
// file (wx-coupon.engine.iife.js) for the script tag, so visitors in other browsers download
// only detection and fallbacks. It reaches the merchant's server only through the page's
// transport (EngineInput), and imports nothing of the page but types.
// Object.assign, not {...spread} or {...rest}, in engine and page code: the script tag targets
// ES2017, where either pulls in about 0.8 KB gzip of transpiler helpers.
import { CouponError } from '../errors/CouponError';
import type { ChooseCardFilter } from '../page/options';
import { addCards, type AddedCard, type NormalizedCard } from './addCards';
import { callWx } from './callWx';
import { chooseCards, type ChosenCard } from './chooseCards';
import type { EngineInput } from './input';
import { loadSdk } from './loadSdk';
import { createPageVerifier } from './verifier';

export interface Engine {
  verifyPage(): Promise<void>;
  addCards(cards: NormalizedCard[]): Promise<AddedCard[]>;
  chooseCards(filter: ChooseCardFilter): Promise<ChosenCard[]>;
  openCards(cards: Array<{ cardId: string; code: string }>): Promise<void>;
}

export function createEngine(input: EngineInput): Engine {
  const verifier = createPageVerifier(input);
  const verifyPage = () => verifier.verify();
  const { interactionTimeoutMs } = input.options;

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
    addCards: (cards) => againIfDenied(() => addCards(input, verifyPage, cards)),
    chooseCards: (filter) => againIfDenied(() => chooseCards(input, verifyPage, filter)),
    openCards: (cardList) =>
      againIfDenied(async () => {
        const [wx] = await Promise.all([loadSdk(), verifyPage()]);
        await callWx({ api: 'openCard', bridgeName: 'batchViewCard', timeoutMs: interactionTimeoutMs }, (callbacks) => wx.openCard(Object.assign({ cardList }, callbacks)));
      }),
  };
}

export type { AddedCard, ChosenCard, EngineInput, NormalizedCard };
