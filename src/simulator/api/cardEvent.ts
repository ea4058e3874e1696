// A card event as WeChat pushes it, with WeChat's own XML element names (ToUserName and MsgType
// are added by the pusher). The stand-in emits these; the event pusher turns them into the XML
// WeChat sends. See WeChat's card event documentation (事件推送).
export interface StandInCardEvent {
  /** WeChat's `Event` value, e.g. 'card_pass_check', 'user_get_card', 'user_del_card', 'user_consume_card'. */
  Event: string;
  /** The user's openid (FromUserName in WeChat's XML). */
  FromUserName: string;
  /** Seconds since the epoch. */
  CreateTime: number;
  CardId?: string;
  UserCardCode?: string;
  /** Every other field WeChat sends for this event, by its XML name (OuterStr, IsGiveByFriend, ConsumeSource, …). */
  [field: string]: string | number | undefined;
}

/** Where the stand-in hands its events: the event pusher, a test's array, the demo's feed. */
export type StandInCardEventSink = (event: StandInCardEvent) => void;
