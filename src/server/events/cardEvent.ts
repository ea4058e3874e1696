// The card events WeChat pushes to the merchant's server URL (卡券事件推送), as `onEvent` gets
// them: `event` is WeChat's `Event` value, the other XML elements are in camelCase (CardId →
// cardId), numbers are numbers, 0/1 flags are booleans, and an element WeChat sent empty or not
// at all is left out (a flag too: absent is not false) (except the ids every event of its kind carries, which are then ''). Every
// event also has `raw`: the XML elements as WeChat sent them, for any field WeChat adds later.
// Field lists and sources: docs/events.md.

/** What every pushed event carries. */
export interface CardEventBase {
  /** The account's original id (gh_…), `ToUserName`. */
  toUserName: string;
  /** The user's openid (for approval events, WeChat's system account), `FromUserName`. */
  fromUserName: string;
  /** Seconds since the epoch, `CreateTime`. */
  createTime: number;
  /** Every XML element by its WeChat name, as text (nested elements as objects). */
  raw: Readonly<Record<string, unknown>>;
  unknown?: never;
}

/** card_pass_check / card_not_pass_check: the card was approved / refused (审核事件). */
export interface CardCheckEvent extends CardEventBase {
  event: 'card_pass_check' | 'card_not_pass_check';
  cardId: string;
  /** Why it was refused (card_not_pass_check), `RefuseReason`. */
  refuseReason?: string;
}

/** user_get_card: a user added the card (领取事件). */
export interface UserGetCardEvent extends CardEventBase {
  event: 'user_get_card';
  cardId: string;
  /** The code the user received, `UserCardCode`. */
  userCardCode: string;
  /** Received as a gift from a friend, `IsGiveByFriend`. */
  isGiveByFriend?: boolean;
  /** The giver's openid when `isGiveByFriend`, `FriendUserName`. */
  friendUserName?: string;
  /** The code before the gift, `OldUserCardCode`. */
  oldUserCardCode?: string;
  /** The numeric scene value (QR code / JS API `outer_id`), `OuterId`. */
  outerId?: number;
  /** The scene value from the card_ext's `outer_str` (or the QR code's), `OuterStr`. */
  outerStr?: string;
  /** A deleted member card the user took back (then WeChat sends no OuterStr), `IsRestoreMemberCard`. */
  isRestoreMemberCard?: boolean;
  /** Added through a friend's recommendation, `IsRecommendByFriend`. */
  isRecommendByFriend?: boolean;
  /** The user's unionid when the account is bound to an Open Platform account, `UnionId`. */
  unionId?: string;
}

/** user_gifting_card: a user gave the card to a friend (转赠事件). */
export interface UserGiftingCardEvent extends CardEventBase {
  event: 'user_gifting_card';
  cardId: string;
  userCardCode: string;
  /** The gift came back (not accepted in time), `IsReturnBack`. */
  isReturnBack?: boolean;
  /** The receiving friend's openid, `FriendUserName`. */
  friendUserName?: string;
  /** Given in a group chat, `IsChatRoom`. */
  isChatRoom?: boolean;
}

/** user_del_card: a user deleted the card (删除事件). */
export interface UserDelCardEvent extends CardEventBase {
  event: 'user_del_card';
  cardId: string;
  userCardCode: string;
}

/** user_consume_card: a code was redeemed (核销事件). */
export interface UserConsumeCardEvent extends CardEventBase {
  event: 'user_consume_card';
  cardId: string;
  userCardCode: string;
  /** FROM_API, FROM_MP (platform), FROM_MOBILE_HELPER (卡券商户助手) …, `ConsumeSource`. */
  consumeSource?: string;
  /** The store, for self-service and pay-cell redemptions, `LocationName`. */
  locationName?: string;
  /** The store's id (poi_id / location_id, a number as in card/create's `location_id_list`), `LocationId`. */
  locationId?: number;
  /** The staff member's openid (卡券商户助手), `StaffOpenId`. */
  staffOpenId?: string;
  /** The code the user typed for a self-service redemption, `VerifyCode`. */
  verifyCode?: string;
  /** The amount the user noted for a self-service redemption, as typed, `RemarkAmount`. */
  remarkAmount?: string;
  /** The `outer_str` the merchant passed to card/code/consume, `OuterStr`. */
  outerStr?: string;
}

/** user_pay_from_pay_cell: the user paid with the card's pay cell (买单事件). */
export interface UserPayFromPayCellEvent extends CardEventBase {
  event: 'user_pay_from_pay_cell';
  cardId: string;
  userCardCode: string;
  /** The WeChat Pay transaction id (kept as text: longer than a safe integer), `TransId`. */
  transId?: string;
  /** The store's id (poi_id / location_id), `LocationId`. */
  locationId?: number;
  /** Paid, in fen, `Fee`. */
  fee?: number;
  /** Due before the card's discount, in fen, `OriginalFee`. */
  originalFee?: number;
}

/** user_view_card: a user opened the member card (进入会员卡事件). */
export interface UserViewCardEvent extends CardEventBase {
  event: 'user_view_card';
  cardId: string;
  userCardCode: string;
  /** The scene value of the entry, `OuterStr`. */
  outerStr?: string;
}

/** user_enter_session_from_card: a user went from the card to the account's chat (从卡券进入公众号会话). */
export interface UserEnterSessionFromCardEvent extends CardEventBase {
  event: 'user_enter_session_from_card';
  cardId: string;
  userCardCode: string;
}

/** update_member_card: points or balance changed (会员卡内容更新事件). */
export interface UpdateMemberCardEvent extends CardEventBase {
  event: 'update_member_card';
  cardId: string;
  userCardCode: string;
  /** Points added (negative: taken), `ModifyBonus`. */
  modifyBonus?: number;
  /** Balance added (negative: taken), `ModifyBalance`. */
  modifyBalance?: number;
}

/** card_sku_remind: the card's stock ran low (库存报警事件). */
export interface CardSkuRemindEvent extends CardEventBase {
  event: 'card_sku_remind';
  cardId: string;
  /** e.g. "the card's quantity is equal to 0", `Detail`. */
  detail?: string;
}

/** card_pay_order: a movement of the account's card coins (券点流水详情事件). */
export interface CardPayOrderEvent extends CardEventBase {
  event: 'card_pay_order';
  orderId: string;
  /** ORDER_STATUS_WAITING, ORDER_STATUS_SUCC, ORDER_STATUS_FINANCE_SUCC …, `Status`. */
  status?: string;
  /** Seconds since the epoch, `CreateOrderTime`. */
  createOrderTime?: number;
  /** Seconds since the epoch (0 while unpaid), `PayFinishTime`. */
  payFinishTime?: number;
  desc?: string;
  freeCoinCount?: number;
  payCoinCount?: number;
  refundFreeCoinCount?: number;
  refundPayCoinCount?: number;
  /** ORDER_TYPE_SYS_ADD, ORDER_TYPE_WXPAY …, `OrderType`. */
  orderType?: string;
  memo?: string;
  receiptInfo?: string;
}

/** submit_membercard_user_info: a user submitted the member card's activation form (会员卡激活事件). */
export interface SubmitMembercardUserInfoEvent extends CardEventBase {
  event: 'submit_membercard_user_info';
  cardId: string;
  userCardCode: string;
}

/** The card events this version knows, discriminated by `event`. */
export type KnownCardEvent =
  | CardCheckEvent
  | UserGetCardEvent
  | UserGiftingCardEvent
  | UserDelCardEvent
  | UserConsumeCardEvent
  | UserPayFromPayCellEvent
  | UserViewCardEvent
  | UserEnterSessionFromCardEvent
  | UpdateMemberCardEvent
  | CardSkuRemindEvent
  | CardPayOrderEvent
  | SubmitMembercardUserInfoEvent;

/**
 * Any other event pushed to the same URL (subscribe, a menu click, a card event newer than this
 * version): its `Event` value and the XML elements in `raw`. `unknown: true` tells it apart, so
 * `if (event.unknown) return;` leaves a union that narrows on `event`.
 */
export interface UnknownCardEvent {
  event: string;
  toUserName: string;
  fromUserName: string;
  createTime: number;
  raw: Readonly<Record<string, unknown>>;
  unknown: true;
}

/** What `onEvent` receives. */
export type CardEvent = KnownCardEvent | UnknownCardEvent;

export type CardEventName = KnownCardEvent['event'];
