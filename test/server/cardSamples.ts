// Card definitions WeChat accepts, one per coupon type, for the card tests: the seed's GROUPON
// example with its braces closed and a real logo URL, and the other four types beside it.
import type { BaseInfo, CardDefinition } from '../../src/server';

export const LOGO_URL = 'http://mmbiz.qpic.cn/mmbiz/gLO17UPS6FS2xsypf378iaNhWacZ1G1UplZYWEYfwvuU6Ont96b1roYsCNFwaRrSaKTPCUdBK9DgEHicsKwWCBRQ/0';

export function baseInfo(overrides: Partial<BaseInfo> = {}): BaseInfo {
  return {
    logo_url: LOGO_URL,
    brand_name: '微信餐厅',
    code_type: 'CODE_TYPE_TEXT',
    title: '132元双人火锅套餐',
    sub_title: '周末狂欢必备',
    color: 'Color010',
    notice: '使用时向服务员出示此券',
    service_phone: '020-88888888',
    description: '不可与其他优惠同享\n如需团购券发票，请在消费时向商户提出\n店内均可使用，仅限堂食',
    date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 15, fixed_begin_term: 0 },
    sku: { quantity: 500000 },
    get_limit: 3,
    use_custom_code: false,
    bind_openid: false,
    can_share: true,
    can_give_friend: true,
    location_id_list: [123, 12321, 345345],
    custom_url_name: '立即使用',
    custom_url: 'https://example.com/use',
    custom_url_sub_title: '6个汉字tips',
    promotion_url_name: '更多优惠',
    promotion_url: 'https://example.com/more',
    ...overrides,
  };
}

export const groupon = (overrides: Partial<BaseInfo> = {}): CardDefinition => ({
  card_type: 'GROUPON',
  groupon: { base_info: baseInfo(overrides), deal_detail: '以下锅底2选1：\n大锅1份 12元\n小锅2份 16元' },
});

export const samples: Record<string, CardDefinition> = {
  GROUPON: groupon(),
  CASH: { card_type: 'CASH', cash: { base_info: baseInfo({ title: '满100减10元' }), least_cost: 10000, reduce_cost: 1000 } },
  DISCOUNT: { card_type: 'DISCOUNT', discount: { base_info: baseInfo({ title: '全场七折' }), discount: 30 } },
  GIFT: { card_type: 'GIFT', gift: { base_info: baseInfo({ title: '饮料兑换券' }), gift: '可兑换饮料一杯' } },
  GENERAL_COUPON: { card_type: 'GENERAL_COUPON', general_coupon: { base_info: baseInfo({ title: '会员专享' }), default_detail: '音乐木盒' } },
};
