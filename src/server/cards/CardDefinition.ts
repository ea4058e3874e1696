// Card definitions for card/create, in WeChat's own snake_case JSON: merchants write (and copy
// from WeChat's documentation) exactly this JSON, so wx-coupon types it rather than renaming it.
// The coupon (优惠券) types only; member cards, gift cards and tickets are out of scope.
// Fields and limits: https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Create_a_Coupon_Voucher_or_Card.html
// (the rules wx-coupon checks, with their sources, are in docs/cards.md).

export const COUPON_TYPES = ['GROUPON', 'CASH', 'DISCOUNT', 'GIFT', 'GENERAL_COUPON'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/** WeChat's card background colours. */
export const CARD_COLORS = ['Color010', 'Color020', 'Color030', 'Color040', 'Color050', 'Color060', 'Color070', 'Color080', 'Color081', 'Color082', 'Color090', 'Color100', 'Color101', 'Color102'] as const;
export type CardColor = (typeof CARD_COLORS)[number];

export const CODE_TYPES = ['CODE_TYPE_TEXT', 'CODE_TYPE_BARCODE', 'CODE_TYPE_QRCODE', 'CODE_TYPE_ONLY_QRCODE', 'CODE_TYPE_ONLY_BARCODE', 'CODE_TYPE_NONE'] as const;
export type CodeType = (typeof CODE_TYPES)[number];

export type DateInfo =
  /** Valid from begin_timestamp to end_timestamp (Unix seconds). */
  | { type: 'DATE_TYPE_FIX_TIME_RANGE'; begin_timestamp: number; end_timestamp: number }
  /** Valid for fixed_term days, starting fixed_begin_term days after the user adds it (0: at once). */
  | { type: 'DATE_TYPE_FIX_TERM'; fixed_term: number; fixed_begin_term?: number; end_timestamp?: number };

export interface BaseInfo {
  /** A WeChat-hosted image URL: what media/uploadimg answers (mmbiz.qpic.cn). 300×300 px suggested. */
  logo_url: string;
  code_type: CodeType;
  /** Up to 36 UTF-8 bytes (12 汉字). */
  brand_name: string;
  /** Up to 27 UTF-8 bytes (9 汉字). */
  title: string;
  color: CardColor;
  /** Up to 48 UTF-8 bytes (16 汉字). */
  notice: string;
  /** Up to 3072 UTF-8 bytes (1024 汉字). */
  description: string;
  sku: { quantity: number };
  date_info: DateInfo;
  /** Up to 54 UTF-8 bytes (18 汉字). */
  sub_title?: string;
  service_phone?: string;
  use_custom_code?: boolean;
  get_custom_code_mode?: 'GET_CUSTOM_CODE_MODE_DEPOSIT';
  bind_openid?: boolean;
  use_limit?: number;
  get_limit?: number;
  can_share?: boolean;
  can_give_friend?: boolean;
  /** Store (POI) ids, numbers. */
  location_id_list?: number[];
  use_all_locations?: boolean;
  center_title?: string;
  center_sub_title?: string;
  center_url?: string;
  center_app_brand_user_name?: string;
  center_app_brand_pass?: string;
  custom_url_name?: string;
  custom_url?: string;
  custom_url_sub_title?: string;
  custom_app_brand_user_name?: string;
  custom_app_brand_pass?: string;
  promotion_url_name?: string;
  promotion_url?: string;
  promotion_url_sub_title?: string;
  promotion_app_brand_user_name?: string;
  promotion_app_brand_pass?: string;
  source?: string;
}

export interface AdvancedInfo {
  use_condition?: {
    accept_category?: string;
    reject_category?: string;
    /** In fen (分). */
    least_cost?: number;
    object_use_for?: string;
    can_use_with_other_discount?: boolean;
  };
  abstract?: { abstract?: string; icon_url_list?: string[] };
  text_image_list?: Array<{ image_url: string; text: string }>;
  business_service?: Array<'BIZ_SERVICE_DELIVER' | 'BIZ_SERVICE_FREE_PARK' | 'BIZ_SERVICE_WITH_PET' | 'BIZ_SERVICE_FREE_WIFI' | (string & {})>;
  time_limit?: Array<{
    type: 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY' | 'HOLIDAY';
    begin_hour?: number;
    begin_minute?: number;
    end_hour?: number;
    end_minute?: number;
  }>;
}

export interface CouponBody {
  base_info: BaseInfo;
  advanced_info?: AdvancedInfo;
}

/** 团购券: `deal_detail` says what the deal includes. */
export interface GrouponCard {
  card_type: 'GROUPON';
  groupon: CouponBody & { deal_detail: string };
}
/** 代金券: `reduce_cost` off when spending at least `least_cost` (0: no minimum), both in fen (分). */
export interface CashCard {
  card_type: 'CASH';
  cash: CouponBody & { least_cost: number; reduce_cost: number };
}
/** 折扣券: `discount` is the percentage taken off (30 = 30% off, i.e. pay 70%), 1–99. */
export interface DiscountCard {
  card_type: 'DISCOUNT';
  discount: CouponBody & { discount: number };
}
/** 兑换券: `gift` says what the coupon is exchanged for. */
export interface GiftCard {
  card_type: 'GIFT';
  gift: CouponBody & { gift: string };
}
/** 优惠券 (general): `default_detail` says what the offer is. */
export interface GeneralCouponCard {
  card_type: 'GENERAL_COUPON';
  general_coupon: CouponBody & { default_detail: string };
}

/** The `card` of card/create: one of the five coupon types. */
export type CardDefinition = GrouponCard | CashCard | DiscountCard | GiftCard | GeneralCouponCard;

/** The key of a type's body: `CASH` → `cash`. */
export type CouponTypeKey = Lowercase<CouponType>;
export const couponTypeKey = (type: CouponType): CouponTypeKey => type.toLowerCase() as CouponTypeKey;

/**
 * card/update's patch: the body under the type's key, every field optional. WeChat lets only
 * some base_info fields change (title, logo_url, color, notice, description, dates…); it
 * answers for the others.
 */
type PatchOf<Fields> = { base_info?: Partial<BaseInfo>; advanced_info?: AdvancedInfo } & Partial<Fields>;
export interface CardPatch {
  groupon?: PatchOf<{ deal_detail: string }>;
  cash?: PatchOf<{ least_cost: number; reduce_cost: number }>;
  discount?: PatchOf<{ discount: number }>;
  gift?: PatchOf<{ gift: string }>;
  general_coupon?: PatchOf<{ default_detail: string }>;
}

/** Review states WeChat reports (card/get's base_info.status, card/batchget's status_list). */
export type CardStatus =
  | 'CARD_STATUS_NOT_VERIFY'
  | 'CARD_STATUS_VERIFY_FAIL'
  | 'CARD_STATUS_VERIFY_OK'
  | 'CARD_STATUS_DELETE'
  | 'CARD_STATUS_DISPATCH';
