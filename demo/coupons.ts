// The demo merchant's coupons (a fictional coffee shop): how they look. Their card_ids are
// what card/create answers when the demo server creates them on the stand-in at start-up
// (server/demoCoupons.ts); with real credentials, set WX_CARD_IDS to your own card ids.
export interface DemoCouponLook {
  title: string;
  subtitle: string;
  color: string;
  /** Its CASH terms in fen (分): least_cost 0 is "no minimum". */
  leastCost: number;
  reduceCost: number;
}

export interface DemoCoupon extends DemoCouponLook {
  cardId: string;
}

export const DEMO_COUPONS: DemoCouponLook[] = [
  { title: '拿铁立减 5 元', subtitle: '全国门店通用 · 领取后 30 天内有效', color: '#07c160', leastCost: 0, reduceCost: 500 },
  { title: '蛋糕满 100 减 20', subtitle: '周末可用 · 不与其他优惠同享', color: '#fa9d3b', leastCost: 10_000, reduceCost: 2_000 },
];

/** The simulator's sandbox AppID; the stand-in issues tokens and tickets for it. */
export const DEMO_APP_ID = 'wxd0c0ffee00000001';
