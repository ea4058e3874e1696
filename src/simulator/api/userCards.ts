// What happens to a card in users' hands: the add (codes issued, stock taken, whitelist
// for cards under review), card/code/get, consume, unavailable, decrypt, user/getcardlist,
// and the user deleting, opening or gifting a card, each with the event WeChat pushes.
import { coversNow, isObject, type Json } from './cardDefinition';
import type { StandInCardEventSink } from './cardEvent';
import type { CardStore, StoredCard } from './cardStore';
import type { CodeStore, IssuedCode } from './codeStore';
import { WeChatError } from './errcodes';
import { OPENID_PATTERN, type Whitelist } from './whitelist';

export interface SimulatedUser {
  openid: string;
  /** The WeChat username, for card/testwhitelist/set's `username` list. */
  username?: string;
  /** Sent as UnionId in user_get_card when set. */
  unionId?: string;
}

export interface AddRequest {
  cardId: unknown;
  /** The card_ext JSON string (or object): its code, openid and outer_str count. */
  cardExt?: unknown;
  outerStr?: string;
}

export interface AddResult {
  card_id: string;
  is_succ: 0 | 1;
  code?: string;
  encrypt_code?: string;
  errcode?: number;
  errmsg?: string;
}

const DAY_S = 86_400;
const DEFAULT_GET_LIMIT = 50;

export type UserCards = ReturnType<typeof createUserCards>;

export function createUserCards(deps: { clock: () => number; cards: CardStore; codes: CodeStore; whitelist: Whitelist; emit: StandInCardEventSink }) {
  const { clock, cards, codes, whitelist, emit } = deps;
  const now = () => Math.floor(clock() / 1000);
  const baseInfoOf = (card: StoredCard) => card.body.base_info as Json;

  /** When a code can be used: the card's fixed range, or the fixed term counted from the add. */
  function validity(issued: IssuedCode, card: StoredCard): { begin: number; end: number } {
    const dateInfo = baseInfoOf(card).date_info as Json;
    if (dateInfo.type === 'DATE_TYPE_FIX_TIME_RANGE') return { begin: dateInfo.begin_timestamp as number, end: dateInfo.end_timestamp as number };
    const added = Math.floor(issued.addedAt / 1000);
    const begin = added + ((dateInfo.fixed_begin_term as number | undefined) ?? 0) * DAY_S;
    return { begin, end: begin + (dateInfo.fixed_term as number) * DAY_S };
  }

  function parseExt(cardExt: unknown): Json {
    if (cardExt === undefined || cardExt === '') return {};
    if (isObject(cardExt)) return cardExt;
    try {
      const parsed: unknown = typeof cardExt === 'string' ? JSON.parse(cardExt) : undefined;
      if (isObject(parsed)) return parsed;
    } catch {
      // answered below
    }
    throw new WeChatError(47001, 'card_ext is not a JSON object');
  }

  /** One card added by one user, as batchAddCard or a QR scan does it. */
  function addOne(appId: string, user: SimulatedUser, request: AddRequest): IssuedCode {
    const card = cards.live(appId, request.cardId);
    if (card.status === 'CARD_STATUS_VERIFY_FAIL') throw new WeChatError(40078, 'the card did not pass review');
    if (card.status === 'CARD_STATUS_NOT_VERIFY' && !whitelist.allows(appId, user)) {
      throw new WeChatError(40078, 'the card is under review: only users on card/testwhitelist/set may add it');
    }
    const baseInfo = baseInfoOf(card);
    const dateInfo = baseInfo.date_info as Json;
    if (dateInfo.type === 'DATE_TYPE_FIX_TIME_RANGE' && now() >= (dateInfo.end_timestamp as number)) throw new WeChatError(40079, 'the card has expired');
    const ext = parseExt(request.cardExt);
    if (ext.openid !== undefined && ext.openid !== '' && ext.openid !== user.openid) throw new WeChatError(40080, 'card_ext.openid is another user');
    const customCode = baseInfo.use_custom_code === true;
    let code: string;
    if (customCode) {
      if (typeof ext.code !== 'string' || ext.code === '') throw new WeChatError(40080, 'a card with use_custom_code needs card_ext.code');
      if (codes.has(appId, ext.code)) throw new WeChatError(40116, 'this code was already issued');
      code = ext.code;
    } else {
      if (ext.code !== undefined && ext.code !== '') throw new WeChatError(40080, 'card_ext.code is only for cards with use_custom_code');
      code = codes.newCode(appId);
    }
    const limit = (baseInfo.get_limit as number | undefined) ?? DEFAULT_GET_LIMIT;
    if (codes.ofCard(appId, card.cardId, user.openid).length >= limit) throw new WeChatError(45033);
    cards.takeOne(card, user.openid);
    const outerStr = typeof ext.outer_str === 'string' ? ext.outer_str : request.outerStr ?? '';
    const issued = codes.issue({ appId, cardId: card.cardId, code, openid: user.openid, outerStr, addedAt: clock() });
    emit({
      Event: 'user_get_card',
      FromUserName: user.openid,
      CreateTime: now(),
      CardId: card.cardId,
      IsGiveByFriend: 0,
      UserCardCode: code,
      FriendUserName: '',
      OuterId: 0,
      OldUserCardCode: '',
      OuterStr: outerStr,
      IsRestoreMemberCard: 0,
      IsRecommendByFriend: 0,
      ...(user.unionId ? { UnionId: user.unionId } : {}),
    });
    return issued;
  }

  /** batchAddCard: each card on its own, answered with is_succ like the JSAPI. */
  function add(appId: string, user: SimulatedUser, requests: AddRequest[]): AddResult[] {
    return requests.map((request) => {
      try {
        const issued = addOne(appId, user, request);
        return { card_id: issued.cardId, is_succ: 1, code: issued.code, encrypt_code: codes.encrypt(appId, issued.code) };
      } catch (error) {
        if (!(error instanceof WeChatError)) throw error;
        return { card_id: String(request.cardId ?? ''), is_succ: 0, errcode: error.errcode, errmsg: error.message };
      }
    });
  }

  /** The code named by a body's `code` (and `card_id` when given), or WeChat's errcode. */
  function codeOf(appId: string, body: Json): { issued: IssuedCode; card: StoredCard } {
    const cardId = body.card_id === undefined || body.card_id === '' ? undefined : cards.find(appId, body.card_id).cardId;
    const issued = codes.find(appId, body.code, cardId);
    return { issued, card: cards.find(appId, issued.cardId) };
  }

  /** The errcode for a code that is no longer usable. */
  function refuseUnusable(issued: IssuedCode): void {
    if (issued.status === 'CONSUMED') throw new WeChatError(40099);
    if (issued.status === 'DELETE' || issued.status === 'GIFT_SUCC') throw new WeChatError(40127);
    if (issued.status === 'UNAVAILABLE') throw new WeChatError(40056, 'the code was made unavailable');
  }

  function consume(appId: string, body: Json) {
    const { issued, card } = codeOf(appId, body);
    refuseUnusable(issued);
    const { begin, end } = validity(issued, card);
    if (now() < begin || now() >= end) throw new WeChatError(40079, 'the code is outside its validity period');
    issued.status = 'CONSUMED';
    emit({
      Event: 'user_consume_card',
      FromUserName: issued.openid,
      CreateTime: now(),
      CardId: issued.cardId,
      UserCardCode: issued.code,
      ConsumeSource: 'FROM_API',
      LocationName: '',
      StaffOpenId: '',
      VerifyCode: '',
      RemarkAmount: '',
      OuterStr: issued.outerStr,
    });
    return { card: { card_id: issued.cardId }, openid: issued.openid };
  }

  /** card/code/get: with check_consume (the default) an unusable code is an errcode, without it a status. */
  function get(appId: string, body: Json) {
    const { issued, card } = codeOf(appId, body);
    if (body.check_consume !== false) refuseUnusable(issued);
    const { begin, end } = validity(issued, card);
    const expired = now() >= end;
    const status = issued.status === 'NORMAL' && expired ? 'EXPIRE' : issued.status;
    return {
      card: { card_id: issued.cardId, begin_time: begin, end_time: end },
      openid: issued.openid,
      can_consume: status === 'NORMAL' && now() >= begin,
      user_card_status: status,
    };
  }

  function unavailable(appId: string, body: Json): void {
    const { issued } = codeOf(appId, body);
    refuseUnusable(issued);
    issued.status = 'UNAVAILABLE';
  }

  function userOf(body: Json): string {
    if (typeof body.openid !== 'string' || body.openid === '') throw new WeChatError(41011, 'openid');
    if (!OPENID_PATTERN.test(body.openid)) throw new WeChatError(40003);
    return body.openid;
  }

  /** card/user/getcardlist: the user's codes still in Cards & Offers. */
  function list(appId: string, body: Json) {
    const openid = userOf(body);
    const cardId = body.card_id === undefined || body.card_id === '' ? undefined : cards.find(appId, body.card_id).cardId;
    const held = codes.ofUser(appId, openid).filter((c) => c.status === 'NORMAL' && (cardId === undefined || c.cardId === cardId));
    return { card_list: held.map((c) => ({ code: c.code, card_id: c.cardId })), has_share_card: false };
  }

  /** The user deletes (user_del_card) or opens (user_view_card) a card of theirs. */
  function touch(appId: string, openid: string, body: Json, action: 'delete' | 'view'): void {
    const { issued } = codeOf(appId, body);
    if (issued.openid !== openid) throw new WeChatError(40056, 'not this user\'s code');
    if (action === 'delete') {
      refuseUnusable(issued);
      issued.status = 'DELETE';
    }
    emit({
      Event: action === 'delete' ? 'user_del_card' : 'user_view_card',
      FromUserName: openid,
      CreateTime: now(),
      CardId: issued.cardId,
      UserCardCode: issued.code,
      ...(action === 'view' ? { OuterStr: issued.outerStr } : {}),
    });
  }

  /**
   * The user gives a card to a friend, who accepts at once: user_gifting_card for the giver,
   * user_get_card (IsGiveByFriend 1, FriendUserName the giver, OldUserCardCode) for the friend.
   * A WeChat-assigned code is replaced by a new one (the old one answers 40127); a custom code moves.
   */
  function gift(appId: string, openid: string, body: Json, friend: SimulatedUser) {
    const { issued, card } = codeOf(appId, body);
    if (issued.openid !== openid) throw new WeChatError(40056, 'not this user\'s code');
    refuseUnusable(issued);
    if (baseInfoOf(card).can_give_friend === false) throw new WeChatError(40078, 'the card has can_give_friend false');
    if (friend.openid === openid) throw new WeChatError(40003, 'a gift needs another user');
    emit({ Event: 'user_gifting_card', FromUserName: openid, CreateTime: now(), CardId: card.cardId, UserCardCode: issued.code, IsReturnBack: 0, FriendUserName: friend.openid, IsChatRoom: 0 });
    const custom = baseInfoOf(card).use_custom_code === true;
    issued.status = 'GIFT_SUCC';
    const received = custom
      ? Object.assign(issued, { openid: friend.openid, status: 'NORMAL' as const, addedAt: clock() })
      : codes.issue({ appId, cardId: card.cardId, code: codes.newCode(appId), openid: friend.openid, outerStr: issued.outerStr, addedAt: clock() });
    emit({
      Event: 'user_get_card',
      FromUserName: friend.openid,
      CreateTime: now(),
      CardId: card.cardId,
      IsGiveByFriend: 1,
      UserCardCode: received.code,
      FriendUserName: openid,
      OuterId: 0,
      OldUserCardCode: issued.code,
      OuterStr: received.outerStr,
      IsRestoreMemberCard: 0,
      IsRecommendByFriend: 0,
      ...(friend.unionId ? { UnionId: friend.unionId } : {}),
    });
    return { card_id: card.cardId, code: received.code, encrypt_code: codes.encrypt(appId, received.code), openid: friend.openid };
  }

  return {
    add,
    gift,
    consume,
    get,
    unavailable,
    list,
    touch,
    decrypt(appId: string, body: Json) {
      if (typeof body.encrypt_code !== 'string' || body.encrypt_code === '') throw new WeChatError(41011, 'encrypt_code');
      return { code: codes.decrypt(appId, body.encrypt_code) };
    },
    userOf,
  };
}
