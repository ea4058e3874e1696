// The card standIn.issueCode() adds codes to when a test names none (or one the stand-in does not
// have): approved, custom codes, plenty of stock, valid for a century.
/** The card issueCode() uses when given none. */
export const TEST_CARD_ID = 'pWxCouponStandInTestCard';
/** An approved, custom-code cash coupon with plenty of stock: what issueCode() needs of a card. */
export const testCard = (cardId: string) => ({
  card_type: 'CASH',
  cash: {
    base_info: {
      logo_url: 'http://mmbiz.qpic.cn/mmbiz_png/wx-coupon-stand-in/0',
      code_type: 'CODE_TYPE_TEXT',
      brand_name: '测试商户',
      title: `测试券 ${cardId.slice(-4)}`.slice(0, 9),
      color: 'Color010',
      notice: '出示券码核销',
      description: 'wx-coupon stand-in test card',
      sku: { quantity: 100_000_000 },
      date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 36_500, fixed_begin_term: 0 },
      use_custom_code: true,
      get_limit: 100_000_000,
    },
    reduce_cost: 100,
  },
});

