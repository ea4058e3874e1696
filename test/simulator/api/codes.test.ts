import { describe, expect, it } from 'vitest';
import { cardWorld, DAY, groupon } from './cardWorld';

const USER = 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA';
const TESTER = 'o1Pj9jmZvwSyyyyyyBa4aULW2mA';

describe('WeChat API stand-in: adding cards', () => {
  it('issues a 12-digit code per add, tracked per openid with the outer_str, and emits user_get_card', async () => {
    const { add, api, create, events, standIn } = await cardWorld();
    const cardId = await create();
    const added = await add(cardId, { openid: USER, cardExt: { outer_str: 'poster-1' } });
    expect(added).toMatchObject({ card_id: cardId, is_succ: 1, code: expect.stringMatching(/^[1-9]\d{11}$/), encrypt_code: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    expect(events.at(-1)).toEqual({
      Event: 'user_get_card',
      FromUserName: USER,
      CreateTime: expect.any(Number),
      CardId: cardId,
      IsGiveByFriend: 0,
      UserCardCode: added.code,
      FriendUserName: '',
      OuterId: 0,
      OldUserCardCode: '',
      OuterStr: 'poster-1',
      IsRestoreMemberCard: 0,
      IsRecommendByFriend: 0,
    });
    expect(await api('card/user/getcardlist', { openid: USER })).toEqual({ errcode: 0, errmsg: 'ok', card_list: [{ code: added.code, card_id: cardId }], has_share_card: false });
    const mine = await add(cardId); // the stand-in's simulated user
    expect(mine.is_succ).toBe(1);
    expect((await api('card/user/getcardlist', { openid: standIn.simulatedOpenid() })).card_list).toEqual([{ code: mine.code, card_id: cardId }]);
    expect((await api('card/user/getcardlist', { openid: USER, card_id: cardId })).card_list).toHaveLength(1);
    expect(await api('card/user/getcardlist', {})).toMatchObject({ errcode: 41011 });
    expect(await api('card/user/getcardlist', { openid: 'bad id!' })).toMatchObject({ errcode: 40003 });
  });

  it('takes one from stock per add: 45031 at zero; get_limit per user: 45033', async () => {
    const { add, api, create } = await cardWorld();
    const cardId = await create(groupon({ sku: { quantity: 2 }, get_limit: 1 }));
    expect((await add(cardId, { openid: USER })).is_succ).toBe(1);
    expect(await add(cardId, { openid: USER })).toMatchObject({ is_succ: 0, errcode: 45033 });
    expect((await add(cardId, { openid: TESTER })).is_succ).toBe(1);
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info.sku).toEqual({ quantity: 0, total_quantity: 2 });
    expect(await add(cardId, { openid: 'oThirdUser0000000000000000001' })).toMatchObject({ is_succ: 0, errcode: 45031 });
  });

  it('sends card_sku_remind when a card that started above 200 falls to 100, at most every 12 hours', async () => {
    const { add, create, events, api, clock } = await cardWorld();
    const cardId = await create(groupon({ sku: { quantity: 202 }, get_limit: 1000 }));
    await api('card/modifystock', { card_id: cardId, reduce_stock_value: 100 }); // 102 left
    await add(cardId);
    expect(events.filter((e) => e.Event === 'card_sku_remind')).toEqual([]);
    await add(cardId); // 100 left
    await add(cardId);
    expect(events.filter((e) => e.Event === 'card_sku_remind')).toEqual([expect.objectContaining({ CardId: cardId, Detail: expect.stringContaining('100') })]);
    clock.advance(DAY / 2);
    await add(cardId);
    expect(events.filter((e) => e.Event === 'card_sku_remind')).toHaveLength(2);
  });

  it('lets only whitelisted users (openid or username) add a card under review; 40078 for everyone else, and for a rejected card', async () => {
    const { add, api, create, standIn } = await cardWorld({ reviewDelayMs: null, simulatedUser: { username: 'wx-tester' } });
    const cardId = await create();
    expect(await add(cardId, { openid: USER })).toMatchObject({ is_succ: 0, errcode: 40078, errmsg: expect.stringContaining('testwhitelist') });
    expect(await api('card/testwhitelist/set', { openid: [TESTER], username: ['wx-tester'] })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await add(cardId, { openid: TESTER })).is_succ).toBe(1);
    expect((await add(cardId)).is_succ).toBe(1); // the simulated user, by username
    expect((await add(cardId, { openid: USER })).errcode).toBe(40078);
    standIn.approve(cardId);
    expect((await add(cardId, { openid: USER })).is_succ).toBe(1);
    const rejected = await create();
    standIn.reject(rejected, 'no');
    expect((await add(rejected, { openid: TESTER })).errcode).toBe(40078);
    expect(await api('card/testwhitelist/set', {})).toMatchObject({ errcode: 41011 });
    expect(await api('card/testwhitelist/set', { openid: 'o1' })).toMatchObject({ errcode: 47001 });
  });

  it('custom codes come from card_ext.code, once each; card_ext.openid binds the add to that user', async () => {
    const { add, create } = await cardWorld();
    const custom = await create(groupon({ use_custom_code: true }));
    expect(await add(custom)).toMatchObject({ is_succ: 0, errcode: 40080 });
    expect(await add(custom, { cardExt: { code: 'SHOP-0001' } })).toMatchObject({ is_succ: 1, code: 'SHOP-0001' });
    expect(await add(custom, { cardExt: { code: 'SHOP-0001' } })).toMatchObject({ is_succ: 0, errcode: 40116 });
    const plain = await create();
    expect(await add(plain, { cardExt: { code: '123' } })).toMatchObject({ is_succ: 0, errcode: 40080 });
    expect(await add(plain, { openid: USER, cardExt: { openid: TESTER } })).toMatchObject({ is_succ: 0, errcode: 40080 });
    expect((await add(plain, { openid: USER, cardExt: { openid: USER } })).is_succ).toBe(1);
  });
});

describe('WeChat API stand-in: codes', () => {
  it('code/get, consume (user_consume_card with the add\'s OuterStr), then 40099; check_consume false reports the status', async () => {
    const { add, api, create, events } = await cardWorld();
    const cardId = await create();
    const { code } = await add(cardId, { openid: USER, cardExt: { outer_str: 'qr-door' } });
    const got = await api('card/code/get', { code, card_id: cardId, check_consume: true });
    expect(got).toMatchObject({ errcode: 0, card: { card_id: cardId }, openid: USER, can_consume: true, user_card_status: 'NORMAL' });
    expect(got.card.end_time - got.card.begin_time).toBe(15 * 86_400); // fixed_term 15 days from the add
    expect(await api('card/code/consume', { code, card_id: cardId })).toEqual({ errcode: 0, errmsg: 'ok', card: { card_id: cardId }, openid: USER });
    expect(events.at(-1)).toEqual({
      Event: 'user_consume_card',
      FromUserName: USER,
      CreateTime: expect.any(Number),
      CardId: cardId,
      UserCardCode: code,
      ConsumeSource: 'FROM_API',
      LocationName: '',
      StaffOpenId: '',
      VerifyCode: '',
      RemarkAmount: '',
      OuterStr: 'qr-door',
    });
    expect(await api('card/code/consume', { code })).toEqual({ errcode: 40099, errmsg: 'invalid code, this code has consumed.' });
    expect(await api('card/code/get', { code })).toMatchObject({ errcode: 40099 });
    expect(await api('card/code/get', { code, check_consume: false })).toMatchObject({ errcode: 0, can_consume: false, user_card_status: 'CONSUMED' });
    expect((await api('card/user/getcardlist', { openid: USER })).card_list).toEqual([]);
  });

  it('answers 40056 to codes it never issued, and to a code given with another card\'s id; 40073 to an unknown card_id', async () => {
    const { add, api, create } = await cardWorld();
    const [a, b] = [await create(), await create()];
    const { code } = await add(a);
    expect(await api('card/code/consume', { code: '111122223333' })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/get', { code: '111122223333' })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/consume', { code, card_id: b })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/consume', { code, card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc' })).toMatchObject({ errcode: 40073 });
    expect(await api('card/code/consume', { code: 'not a code' })).toMatchObject({ errcode: 40056 });
    expect((await api('card/code/consume', { code })).errcode).toBe(0);
  });

  it('unavailable: the code can no longer be consumed or made unavailable again', async () => {
    const { add, api, create } = await cardWorld();
    const cardId = await create();
    const { code } = await add(cardId);
    expect(await api('card/code/unavailable', { code, card_id: cardId, reason: '用户退款' })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await api('card/code/consume', { code })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/unavailable', { code })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/get', { code, check_consume: false })).toMatchObject({ user_card_status: 'UNAVAILABLE', can_consume: false });
  });

  it('the user deleting a card (user_del_card) leaves its code unusable (40127); opening it sends user_view_card', async () => {
    const { add, api, create, events, sim, standIn } = await cardWorld();
    const cardId = await create();
    const { code } = await add(cardId, { cardExt: { outer_str: 'mail' } });
    expect(await sim('user/view-card', { code, card_id: cardId })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(events.at(-1)).toMatchObject({ Event: 'user_view_card', FromUserName: standIn.simulatedOpenid(), CardId: cardId, UserCardCode: code, OuterStr: 'mail' });
    expect(await sim('user/delete-card', { openid: USER, code })).toMatchObject({ errcode: 40056 }); // not this user's
    expect(await sim('user/delete-card', { code })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(events.at(-1)).toMatchObject({ Event: 'user_del_card', CardId: cardId, UserCardCode: code });
    expect(await api('card/code/consume', { code })).toMatchObject({ errcode: 40127 });
  });

  it('refuses to consume outside the validity period (40079): before a fixed range begins, after a fixed term ends', async () => {
    const { add, api, create, clock } = await cardWorld();
    const now = Math.floor(clock.now() / 1000);
    const later = await create(groupon({ date_info: { type: 'DATE_TYPE_FIX_TIME_RANGE', begin_timestamp: now + 86_400, end_timestamp: now + 10 * 86_400 } }));
    const { code } = await add(later);
    expect(await api('card/code/consume', { code })).toMatchObject({ errcode: 40079 });
    expect(await api('card/code/get', { code })).toMatchObject({ can_consume: false, user_card_status: 'NORMAL' });
    clock.advance(DAY);
    expect((await api('card/code/consume', { code })).errcode).toBe(0);
    const term = await create();
    const second = await add(term);
    clock.advance(15 * DAY);
    expect(await api('card/code/consume', { code: second.code })).toMatchObject({ errcode: 40079 });
    expect(await api('card/code/get', { code: second.code })).toMatchObject({ user_card_status: 'EXPIRE', can_consume: false });
  });

  it('decrypts only the encrypt_codes it issued: not another stand-in\'s, not a tampered one', async () => {
    const { add, api, create } = await cardWorld();
    const other = await cardWorld();
    const cardId = await create();
    const { code, encrypt_code } = await add(cardId);
    expect(await api('card/code/decrypt', { encrypt_code })).toEqual({ errcode: 0, errmsg: 'ok', code });
    const theirs = await other.add(await other.create());
    expect(await api('card/code/decrypt', { encrypt_code: theirs.encrypt_code })).toMatchObject({ errcode: 40056 });
    const bytes = Buffer.from(encrypt_code, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(await api('card/code/decrypt', { encrypt_code: bytes.toString('base64') })).toMatchObject({ errcode: 40056 });
    expect(await api('card/code/decrypt', {})).toMatchObject({ errcode: 41011 });
  });
});

describe('WeChat API stand-in: the event sink', () => {
  it('a throwing onCardEvent is logged and does not change WeChat\'s answer', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const { add, api, create } = await cardWorld({
        onCardEvent: () => {
          throw new Error('sink down');
        },
      });
      const cardId = await create();
      const added = await add(cardId);
      expect(added.is_succ).toBe(1);
      expect((await api('card/code/consume', { code: added.code })).errcode).toBe(0);
      expect(errors.length).toBeGreaterThanOrEqual(3); // card_pass_check, user_get_card, user_consume_card
    } finally {
      console.error = original;
    }
  });
});

describe('WeChat API stand-in: gifting', () => {
  it('a gift: user_gifting_card, then user_get_card for the friend with a new code; the old code answers 40127', async () => {
    const { add, api, create, events, sim, standIn } = await cardWorld();
    const cardId = await create();
    const { code } = await add(cardId, { cardExt: { outer_str: 'gift-me' } });
    const gift = await sim('user/gift-card', { code, friend_openid: USER });
    expect(gift).toMatchObject({ errcode: 0, card_id: cardId, openid: USER, code: expect.stringMatching(/^\d{12}$/) });
    expect(gift.code).not.toBe(code);
    expect(events.slice(-2)).toEqual([
      { Event: 'user_gifting_card', FromUserName: standIn.simulatedOpenid(), CreateTime: expect.any(Number), CardId: cardId, UserCardCode: code, IsReturnBack: 0, FriendUserName: USER, IsChatRoom: 0 },
      expect.objectContaining({ Event: 'user_get_card', FromUserName: USER, IsGiveByFriend: 1, FriendUserName: standIn.simulatedOpenid(), OldUserCardCode: code, UserCardCode: gift.code, OuterStr: 'gift-me' }),
    ]);
    expect(await api('card/code/consume', { code })).toMatchObject({ errcode: 40127 });
    expect(await api('card/code/get', { code, check_consume: false })).toMatchObject({ user_card_status: 'GIFT_SUCC' });
    expect(await api('card/code/consume', { code: gift.code })).toMatchObject({ errcode: 0, openid: USER });
    expect(await sim('user/gift-card', { code: gift.code, openid: USER, friend_openid: TESTER })).toMatchObject({ errcode: 40099 });
    const keep = await create(groupon({ can_give_friend: false }));
    const kept = await add(keep);
    expect(await sim('user/gift-card', { code: kept.code, friend_openid: USER })).toMatchObject({ errcode: 40078 });
    expect(await sim('user/gift-card', { code: kept.code })).toMatchObject({ errcode: 41011 });
  });
});

describe('WeChat API stand-in: batchAddCard\'s card_ext', () => {
  it('adds only with a card_ext signed by its card api_ticket, each timestamp + nonce_str once', async () => {
    const { create, sim, signedExt, events } = await cardWorld();
    const cardId = await create();
    const addWith = async (card_ext: string) => (await sim('user/add-cards', { cards: [{ card_id: cardId, card_ext }] })).card_list[0];
    expect(await addWith(JSON.stringify({ timestamp: '1', nonce_str: 'n', signature: 'f'.repeat(40) }))).toMatchObject({ is_succ: 0, errcode: 40080, errmsg: expect.stringContaining('signature') });
    expect(await addWith('{}')).toMatchObject({ is_succ: 0, errcode: 40080 });
    expect(await addWith('not json')).toMatchObject({ is_succ: 0, errcode: 40080 });
    expect(await addWith(await signedExt(cardId, {}, 'some-other-ticket'))).toMatchObject({ is_succ: 0, errcode: 40080 });
    // Signed for another card: the signature covers card_id.
    expect(await addWith(await signedExt('pAnotherCard', {}))).toMatchObject({ is_succ: 0, errcode: 40080 });
    const good = await signedExt(cardId, { outer_str: 'ok' });
    expect(await addWith(good)).toMatchObject({ is_succ: 1 });
    expect(await addWith(good)).toMatchObject({ is_succ: 0, errcode: 40080, errmsg: expect.stringContaining('used already') });
    expect(events.filter((e) => e.Event === 'user_get_card')).toHaveLength(1);
  });

  it('answers each card of a batch on its own', async () => {
    const { create, sim, signedExt } = await cardWorld();
    const [a, b] = [await create(), await create()];
    const answer = await sim('user/add-cards', { cards: [{ card_id: a, card_ext: await signedExt(a) }, { card_id: b, card_ext: '{}' }, { card_id: 'pNoSuchCard', card_ext: await signedExt('pNoSuchCard') }] });
    expect(answer.card_list.map((c: Record<string, unknown>) => [c.card_id, c.is_succ, c.errcode])).toEqual([[a, 1, undefined], [b, 0, 40080], ['pNoSuchCard', 0, 40073]]);
  });
});
