// The rules validateCard checks, as data: the docs table (docs/cards.md) lists each, with its
// source, and a test holds the two together.

/** WeChat's card/create documentation, where the field table gives each string(N) in bytes. */
export const CREATE_DOC = 'https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Create_a_Coupon_Voucher_or_Card.html';

export interface TextRule {
  field: string;
  /** UTF-8 bytes: WeChat's string(N); one 汉字 is 3. */
  maxBytes: number;
  required: boolean;
}

/** base_info's text fields: `string(N)` in WeChat's field table is N UTF-8 bytes. */
export const BASE_INFO_TEXT: TextRule[] = [
  { field: 'logo_url', maxBytes: 128, required: true },
  { field: 'brand_name', maxBytes: 36, required: true },
  { field: 'title', maxBytes: 27, required: true },
  { field: 'notice', maxBytes: 48, required: true },
  { field: 'description', maxBytes: 3072, required: true },
  { field: 'sub_title', maxBytes: 54, required: false },
  { field: 'service_phone', maxBytes: 24, required: false },
  { field: 'center_title', maxBytes: 18, required: false },
  { field: 'center_sub_title', maxBytes: 24, required: false },
  { field: 'center_url', maxBytes: 128, required: false },
  { field: 'custom_url_name', maxBytes: 15, required: false },
  { field: 'custom_url', maxBytes: 128, required: false },
  { field: 'custom_url_sub_title', maxBytes: 18, required: false },
  { field: 'promotion_url_name', maxBytes: 15, required: false },
  { field: 'promotion_url', maxBytes: 128, required: false },
  { field: 'promotion_url_sub_title', maxBytes: 18, required: false },
  { field: 'source', maxBytes: 36, required: false },
];

export const BASE_INFO_BOOLEANS = ['use_custom_code', 'bind_openid', 'can_share', 'can_give_friend', 'use_all_locations'] as const;
export const BASE_INFO_LIMITS = ['get_limit', 'use_limit'] as const;

/** sku.quantity: "卡券库存的数量，上限为100000000". */
export const MAX_QUANTITY = 100_000_000;
/** date_info timestamps: "须早于2038年1月19日" (a signed 32-bit Unix time). */
export const MAX_TIMESTAMP = 2_147_483_647;
/** The per-type detail texts (deal_detail, gift, default_detail): string(3072). */
export const DETAIL_MAX_BYTES = 3072;

/** Hosts of the URLs media/uploadimg answers with. */
export const WECHAT_IMAGE_HOSTS = ['mmbiz.qpic.cn'];
