// What the page hands its engine: the one typed input of createEngine. Types only: the page
// imports them without importing the engine (the lint rule in .dependency-cruiser.cjs keeps it so).
import type { CardRequest, CardSign, ChooseCardFilter, ConfigSignature, NormalizedOptions } from '../page/options';
import type { PageModules } from '../page/engineModules';

/** A `wx.config` signature the page's transport has checked against the wire contract. */
export interface SignatureResult extends ConfigSignature {
  /**
   * True when it was kept from an earlier page load or embedded in the page's HTML rather
   * than fetched from the server just now: one WeChat rejects is fetched afresh for the same URL.
   */
  fromCache: boolean;
}

/**
 * How the engine reaches the merchant's server: the page's transport (src/page/transport),
 * which answers from what it fetched ahead or the server embedded, else over the network or
 * the merchant's hook. Every answer is checked; every failure is a CouponError.
 */
export interface Transport {
  signatures: {
    /** The signature for `url`; `fresh`: from the server, not one kept or embedded. */
    get(url: string, fresh?: boolean): Promise<SignatureResult>;
    /** WeChat accepted it: kept for the next page load while the server's expiresAt allows. */
    accepted(url: string, signature: SignatureResult): void;
    /** WeChat rejected the signature for `url`: not reused. */
    rejected(url: string): void;
  };
  /** A card_ext for one add of a card. */
  cardExts: { get(card: CardRequest): Promise<string> };
  /** chooseCard signatures; undefined where none can be had (the page checks before it asks). */
  cardSigns?: { get(filter: ChooseCardFilter): Promise<CardSign> };
}

/** Where the page is, read afresh on every call: a single-page app moves. */
export interface PageLocation {
  /** The page URL `wx.config` is for right now (without `#…`). */
  url(): string;
  /** The URLs to sign, most likely first (landing or current, spec §4). */
  signatureUrls(): string[];
}

export interface EngineInput {
  /** Checked once, by configure(). */
  options: NormalizedOptions;
  transport: Transport;
  page: PageLocation;
  /** The modules the page shares with the engine, for the script tag's engine file (src/engine/fromPage.ts). */
  modules: PageModules;
}
