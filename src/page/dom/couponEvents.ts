// The CustomEvents bindButtons dispatches, typed: `addEventListener('wx-coupon:added', (e) =>
// e.detail.cards)` knows its detail on an element, the document and the window (they bubble).
// Types only: nothing here ships.
import type { AddedCard, ChosenCard } from '../../engine';
import type { CouponError } from '../../errors/CouponError';

/** What every wx-coupon event's detail may carry; each event's own detail type says which. */
export interface CouponEventDetail {
  cards?: unknown[];
  error?: CouponError;
}

/** `wx-coupon:added`: WeChat's answer for the button's cards (isSuccess false for one it could not add). */
export interface CouponAddedDetail extends CouponEventDetail {
  cards: AddedCard[];
}

/** `wx-coupon:chosen`: the cards the user picked; decrypt their encryptCode on your server. */
export interface CouponChosenDetail extends CouponEventDetail {
  cards: ChosenCard[];
}

/** `wx-coupon:opened`: WeChat showed the card. */
export type CouponOpenedDetail = CouponEventDetail;

/** `wx-coupon:cancel` (the user closed the sheet: `error.code` is CANCELLED) and `wx-coupon:error`. */
export interface CouponFailedDetail extends CouponEventDetail {
  error: CouponError;
}

/** The events by name, as `addEventListener` sees them. */
export interface CouponEventMap {
  'wx-coupon:added': CustomEvent<CouponAddedDetail>;
  'wx-coupon:chosen': CustomEvent<CouponChosenDetail>;
  'wx-coupon:opened': CustomEvent<CouponOpenedDetail>;
  'wx-coupon:cancel': CustomEvent<CouponFailedDetail>;
  'wx-coupon:error': CustomEvent<CouponFailedDetail>;
}

/** An event's name without its `wx-coupon:` prefix. */
export type CouponEventType = keyof CouponEventMap extends `wx-coupon:${infer Type}` ? Type : never;

declare global {
  interface HTMLElementEventMap extends CouponEventMap {}
  interface DocumentEventMap extends CouponEventMap {}
  interface WindowEventMap extends CouponEventMap {}
}
