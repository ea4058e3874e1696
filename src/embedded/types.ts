// What the merchant's server can embed in the page (wx-coupon/server's embedCouponConfig):
// the answers the page would otherwise fetch first, so that even a tap at load waits for no
// round trip. Both sides of the wire use these types.
import type { ConfigSignature } from '../page/options';

/** The id of the `<script type="application/json">` element that carries it. */
export const EMBEDDED_CONFIG_ID = 'wx-coupon-config';

export interface EmbeddedCardExt {
  cardId: string;
  outerStr?: string;
  /** One card_ext, as the card-ext endpoint answers it; it serves one add. */
  cardExt: string;
}

export interface EmbeddedCouponConfig {
  /** The wx.config signature for `url` (the page URL without `#…`), as the signature endpoint answers it. */
  signature?: ConfigSignature & { url: string };
  /** card_ext for the page's add buttons, as the card-ext endpoint answers them. */
  cardExt?: EmbeddedCardExt[];
}
