// From the elements of a pushed event to the typed CardEvent that onEvent gets. One table
// says, per event, which elements it has and what they are; the compiler checks the table
// against the interfaces in cardEvent.ts, so the two cannot drift apart.
import { HttpError } from '../errors/HttpError';
import type { CardEvent, CardEventBase, KnownCardEvent } from './cardEvent';

/** `id`: text every event of its kind has ('' when missing); `text` / `number` / `flag` (1 → true, 0 → false): left out when absent or empty. */
type Kind = 'id' | 'text' | 'number' | 'flag';
type KindOf<T> = [Exclude<T, undefined>] extends [boolean] ? 'flag' : [Exclude<T, undefined>] extends [number] ? 'number' : undefined extends T ? 'text' : 'id';
type FieldsOf<E> = { [K in Exclude<keyof E, keyof CardEventBase | 'event'> as Capitalize<K & string>]-?: KindOf<E[K]> };
type Table = { [E in KnownCardEvent as E['event']]: FieldsOf<E> };

const CHECK = { CardId: 'id', RefuseReason: 'text' } as const;
const CODE = { CardId: 'id', UserCardCode: 'id' } as const;

const TABLE: Table = {
  card_pass_check: CHECK,
  card_not_pass_check: CHECK,
  user_get_card: {
    ...CODE,
    IsGiveByFriend: 'flag',
    FriendUserName: 'text',
    OldUserCardCode: 'text',
    OuterId: 'number',
    OuterStr: 'text',
    IsRestoreMemberCard: 'flag',
    IsRecommendByFriend: 'flag',
    UnionId: 'text',
  },
  user_gifting_card: { ...CODE, IsReturnBack: 'flag', FriendUserName: 'text', IsChatRoom: 'flag' },
  user_del_card: CODE,
  user_consume_card: {
    ...CODE,
    ConsumeSource: 'text',
    LocationName: 'text',
    LocationId: 'number',
    StaffOpenId: 'text',
    VerifyCode: 'text',
    RemarkAmount: 'text',
    OuterStr: 'text',
  },
  user_pay_from_pay_cell: { ...CODE, TransId: 'text', LocationId: 'number', Fee: 'number', OriginalFee: 'number' },
  user_view_card: { ...CODE, OuterStr: 'text' },
  user_enter_session_from_card: CODE,
  update_member_card: { ...CODE, ModifyBonus: 'number', ModifyBalance: 'number' },
  card_sku_remind: { CardId: 'id', Detail: 'text' },
  card_pay_order: {
    OrderId: 'id',
    Status: 'text',
    CreateOrderTime: 'number',
    PayFinishTime: 'number',
    Desc: 'text',
    FreeCoinCount: 'number',
    PayCoinCount: 'number',
    RefundFreeCoinCount: 'number',
    RefundPayCoinCount: 'number',
    OrderType: 'text',
    Memo: 'text',
    ReceiptInfo: 'text',
  },
  submit_membercard_user_info: CODE,
};

const NUMBER = /^-?\d+(\.\d+)?$/;
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const notAnEvent = (message: string) => new HttpError(400, 'invalid_event', message);

function convert(kind: Kind, value: unknown): string | number | boolean | undefined {
  const text = textOf(value);
  switch (kind) {
    case 'id':
      return text ?? '';
    case 'text':
      return text === '' ? undefined : text;
    case 'number':
      return text !== undefined && NUMBER.test(text) ? Number(text) : undefined;
    case 'flag':
      // Absent is not "no": a merchant must be able to tell an event without the flag from one saying 0.
      return text === '1' ? true : text === '0' ? false : undefined;
  }
}

export function isKnownCardEventName(name: string): name is KnownCardEvent['event'] {
  return Object.hasOwn(TABLE, name);
}

/**
 * The typed event for the elements under `<xml>` of a push with MsgType `event`. A 400
 * `invalid_event` HttpError when Event, FromUserName, ToUserName or CreateTime is missing:
 * WeChat always sends them, and without them an event cannot be told from its retries.
 */
export function parseCardEvent(fields: Record<string, unknown>): CardEvent {
  const event = textOf(fields.Event);
  const fromUserName = textOf(fields.FromUserName);
  const toUserName = textOf(fields.ToUserName);
  const createTimeText = textOf(fields.CreateTime);
  if (!event) throw notAnEvent('The push has MsgType event but no Event element.');
  if (!fromUserName || !toUserName) throw notAnEvent('The event has no FromUserName or ToUserName.');
  if (createTimeText === undefined || !/^\d{1,12}$/.test(createTimeText)) throw notAnEvent('The event has no CreateTime in seconds.');
  const { Encrypt: _ciphertext, ...raw } = fields;
  const base = { event, toUserName, fromUserName, createTime: Number(createTimeText), raw: Object.freeze(raw) };
  if (!isKnownCardEventName(event)) return { ...base, unknown: true };
  const typed: Record<string, unknown> = { ...base };
  for (const [name, kind] of Object.entries(TABLE[event] as Record<string, Kind>)) {
    const value = convert(kind, fields[name]);
    if (value !== undefined) typed[camel(name)] = value;
  }
  return typed as unknown as KnownCardEvent;
}
