// The demo merchant's coupons on the WeChat API stand-in, made the way a merchant makes real
// ones: the logo through media/uploadimg, the coupon through card/create (validated locally
// first), then the stand-in's review passed (approve) if it is still pending, since a real one
// takes a day. The pages offer the ids card/create answered, so nothing in the demo hard-codes a
// card_id; with real credentials the pages offer WX_CARD_IDS instead (see demoPlugin.ts).
import type { CardDefinition, WeChatApi } from 'wx-coupon/server';
import type { WeChatApiStandIn } from 'wx-coupon/simulator/api';
import type { DemoCoupon, DemoCouponLook } from '../coupons.ts';
import { solidPng } from './standInCoupons.ts';

// WeChat's card colours closest to the demo's own.
const CARD_COLOR: Record<string, string> = { '#07c160': 'Color010', '#fa9d3b': 'Color080' };

/** A cash coupon with the look and the terms (least_cost, reduce_cost) of `coupon`. */
function cardOf(coupon: DemoCouponLook, logoUrl: string): CardDefinition {
  return {
    card_type: 'CASH',
    cash: {
      base_info: {
        logo_url: logoUrl,
        code_type: 'CODE_TYPE_QRCODE',
        brand_name: 'Mellow Coffee',
        title: coupon.title,
        sub_title: coupon.subtitle,
        color: CARD_COLOR[coupon.color] ?? 'Color010',
        notice: '结账时出示券码',
        description: coupon.subtitle,
        sku: { quantity: 10_000 },
        date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 30, fixed_begin_term: 0 },
        get_limit: 1_000,
      },
      least_cost: coupon.leastCost,
      reduce_cost: coupon.reduceCost,
    },
  } as CardDefinition;
}

/**
 * Create the demo's coupons through `api` (pointed at `standIn`), approve them, and give the
 * simulated user the first one, so the "use a coupon" page has something to choose.
 */
export async function createDemoCoupons(api: WeChatApi, standIn: WeChatApiStandIn, looks: readonly DemoCouponLook[]): Promise<DemoCoupon[]> {
  const coupons: DemoCoupon[] = [];
  for (const look of looks) {
    const { url: logoUrl } = await api.media.uploadImage(new Uint8Array(solidPng(look.color)), { filename: 'logo.png' });
    const { cardId } = await api.cards.create(cardOf(look, logoUrl));
    // A stand-in with a review delay holds it under review; one without passed it already.
    if (standIn.cardStatus(cardId) === 'CARD_STATUS_NOT_VERIFY') standIn.approve(cardId);
    coupons.push({ ...look, cardId });
  }
  if (coupons[0]) standIn.addCard({ cardId: coupons[0].cardId });
  return coupons;
}

/** Pages written before the ids exist name them `__WX_CARD_ID_1__`, `__WX_CARD_ID_2__`…: fill them in. */
export function fillCardIds(html: string, coupons: readonly DemoCoupon[]): string {
  return html.replace(/__WX_CARD_ID_(\d+)__/g, (placeholder, n: string) => coupons[Number(n) - 1]?.cardId ?? placeholder);
}
