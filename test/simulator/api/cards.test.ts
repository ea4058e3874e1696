import { describe, expect, it } from 'vitest';
import { APP_ID, APP_SECRET } from '../../server/fixtures';
import { cardWorld, groupon } from './cardWorld';

describe('WeChat API stand-in: card/create and review', () => {
  it('creates a card under review; it passes after reviewDelayMs on the stand-in\'s clock, with card_pass_check', async () => {
    const { api, create, clock, events, standIn } = await cardWorld({ reviewDelayMs: 60_000 });
    const cardId = await create();
    expect(cardId).toMatch(/^p[\w-]{27}$/);
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info).toMatchObject({ id: cardId, status: 'CARD_STATUS_NOT_VERIFY', sku: { quantity: 500000, total_quantity: 500000 } });
    clock.advance(59_999);
    expect(standIn.cardStatus(cardId)).toBe('CARD_STATUS_NOT_VERIFY');
    expect(events).toEqual([]);
    clock.advance(1);
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info.status).toBe('CARD_STATUS_VERIFY_OK');
    expect(events).toEqual([{ Event: 'card_pass_check', FromUserName: expect.any(String), CreateTime: Math.floor(clock.now() / 1000), CardId: cardId }]);
  });

  it('with reviewDelayMs null only approve() and reject() decide; reject sends card_not_pass_check with the reason', async () => {
    const { create, events, standIn, api } = await cardWorld({ reviewDelayMs: null });
    const [a, b] = [await create(), await create()];
    standIn.approve(a);
    standIn.reject(b, '图片涉嫌侵权');
    expect(events.map((e) => [e.Event, e.CardId, e.RefuseReason])).toEqual([
      ['card_pass_check', a, undefined],
      ['card_not_pass_check', b, '图片涉嫌侵权'],
    ]);
    expect((await api('card/get', { card_id: b })).card.groupon.base_info).toMatchObject({ status: 'CARD_STATUS_VERIFY_FAIL' });
    expect(() => standIn.approve(a)).toThrow(/not under review/);
    expect(() => standIn.approve('pNoSuchCard')).toThrow(/no card/);
  });

  it('refuses definitions the way WeChat does, naming the field', async () => {
    const { api } = await cardWorld();
    const refused = async (card: unknown) => api('card/create', { card });
    expect(await refused(undefined)).toMatchObject({ errcode: 41011 });
    expect(await refused({ card_type: 'MEMBER_CARD', member_card: {} })).toMatchObject({ errcode: 40071 });
    expect(await refused(groupon({ title: undefined }))).toMatchObject({ errcode: 41011, errmsg: expect.stringContaining('base_info.title') });
    // title is string(27): 9 汉字 fit, 10 do not (UTF-8 bytes, not characters).
    expect((await refused(groupon({ title: '一二三四五六七八九' }))).errcode).toBe(0);
    expect(await refused(groupon({ title: '一二三四五六七八九十' }))).toMatchObject({ errcode: 45021, errmsg: expect.stringContaining('title is 30 bytes, at most 27') });
    expect(await refused(groupon({ brand_name: 'a'.repeat(37) }))).toMatchObject({ errcode: 45021 });
    expect(await refused(groupon({ color: 'Color999' }))).toMatchObject({ errcode: 47001, errmsg: expect.stringContaining('invalid color') });
    expect(await refused(groupon({ color: '#63b359' }))).toMatchObject({ errcode: 47001 });
    expect(await refused(groupon({ code_type: 'CODE_TYPE_BLINK' }))).toMatchObject({ errcode: 40072 });
    expect(await refused(groupon({ sku: { quantity: 100_000_001 } }))).toMatchObject({ errcode: 40122 });
    expect(await refused(groupon({ sku: { quantity: -1 } }))).toMatchObject({ errcode: 40122 });
    expect(await refused(groupon({ date_info: { type: 'DATE_TYPE_FIX_TIME_RANGE', begin_timestamp: 200, end_timestamp: 100 } }))).toMatchObject({ errcode: 40100 });
    expect(await refused(groupon({ date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 0 } }))).toMatchObject({ errcode: 40079 });
    expect(await refused(groupon({ date_info: { type: 'FOREVER' } }))).toMatchObject({ errcode: 40079 });
    expect(await refused(groupon({}, { deal_detail: undefined }))).toMatchObject({ errcode: 41011, errmsg: expect.stringContaining('deal_detail') });
    const discount = { card_type: 'DISCOUNT', discount: { base_info: groupon().groupon.base_info, discount: 100 } };
    expect(await refused(discount)).toMatchObject({ errcode: 47001 });
    expect((await refused({ ...discount, discount: { ...discount.discount, discount: 30 } })).errcode).toBe(0);
  });

  it('answers 40073 to unknown, malformed and other apps\' card_ids, 41012 to a missing one', async () => {
    const { api } = await cardWorld();
    expect(await api('card/get', { card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc' })).toMatchObject({ errcode: 40073, errmsg: expect.stringContaining('invalid card id') });
    expect(await api('card/get', { card_id: '../etc' })).toMatchObject({ errcode: 40073 });
    expect(await api('card/get', { card_id: 42 })).toMatchObject({ errcode: 40073 });
    expect(await api('card/get', {})).toMatchObject({ errcode: 41012 });
  });

  it('keeps apps\' cards apart', async () => {
    const { api, standIn } = await cardWorld({ apps: [{ appId: APP_ID, appSecret: APP_SECRET }, { appId: 'wxother000000001', appSecret: 'x'.repeat(32) }] });
    const foreign = standIn.createCard(groupon(), { appId: 'wxother000000001' });
    expect(await api('card/get', { card_id: foreign })).toMatchObject({ errcode: 40073 });
    expect(() => standIn.createCard(groupon({ color: 'red' }))).toThrow(/card\/create would refuse this card: 47001/);
  });
});

describe('WeChat API stand-in: card management', () => {
  it('batchget pages through the app\'s cards, filtered by status', async () => {
    const { api, create, standIn } = await cardWorld({ reviewDelayMs: null });
    const ids = [await create(), await create(), await create()];
    standIn.approve(ids[1]!);
    expect(await api('card/batchget', { offset: 0, count: 2 })).toEqual({ errcode: 0, errmsg: 'ok', card_id_list: ids.slice(0, 2), total_num: 3 });
    expect(await api('card/batchget', { offset: 2, count: 50 })).toMatchObject({ card_id_list: ids.slice(2), total_num: 3 });
    expect(await api('card/batchget', { offset: 0, count: 10, status_list: ['CARD_STATUS_VERIFY_OK'] })).toMatchObject({ card_id_list: [ids[1]], total_num: 1 });
    expect(await api('card/batchget', { offset: 0, count: 51 })).toMatchObject({ errcode: 40097 });
  });

  it('update: send_check true and back to review when the title or logo changes, false for other fields', async () => {
    const { api, create, standIn, events } = await cardWorld();
    const cardId = await create();
    expect(standIn.cardStatus(cardId)).toBe('CARD_STATUS_VERIFY_OK'); // reviewDelayMs 0: passes at once
    expect(await api('card/update', { card_id: cardId, groupon: { base_info: { description: '周末可用' } } })).toEqual({ errcode: 0, errmsg: 'ok', send_check: false });
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info.description).toBe('周末可用');
    expect(await api('card/update', { card_id: cardId, groupon: { base_info: { title: '新标题' } } })).toMatchObject({ send_check: true });
    expect(events.filter((e) => e.Event === 'card_pass_check')).toHaveLength(2); // passed again at once
    expect(await api('card/update', { card_id: cardId, cash: { base_info: {} } })).toMatchObject({ errcode: 41011 });
    expect(await api('card/update', { card_id: cardId, groupon: { base_info: { color: 'Color000' } } })).toMatchObject({ errcode: 47001 });
    expect(await api('card/update', { card_id: cardId, groupon: { base_info: { sku: { quantity: 1 } } } })).toMatchObject({ errcode: 47001 });
  });

  it('modifystock raises and lowers the stock, never below zero', async () => {
    const { api, create } = await cardWorld();
    const cardId = await create(groupon({ sku: { quantity: 10 } }));
    expect(await api('card/modifystock', { card_id: cardId, increase_stock_value: 5 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await api('card/modifystock', { card_id: cardId, reduce_stock_value: 3 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info.sku).toEqual({ quantity: 12, total_quantity: 12 });
    expect(await api('card/modifystock', { card_id: cardId, reduce_stock_value: 13 })).toMatchObject({ errcode: 40122 });
    expect(await api('card/modifystock', { card_id: cardId, increase_stock_value: -1 })).toMatchObject({ errcode: 40122 });
  });

  it('delete: the card is gone for every call but card/get (CARD_STATUS_DELETE); codes already added stay usable', async () => {
    const { api, create, add } = await cardWorld();
    const cardId = await create();
    const held = await add(cardId);
    expect(await api('card/delete', { card_id: cardId })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('card/get', { card_id: cardId })).card.groupon.base_info.status).toBe('CARD_STATUS_DELETE');
    expect(await api('card/delete', { card_id: cardId })).toMatchObject({ errcode: 40073 });
    expect(await api('card/modifystock', { card_id: cardId, increase_stock_value: 1 })).toMatchObject({ errcode: 40073 });
    expect(await add(cardId)).toMatchObject({ is_succ: 0, errcode: 40073 });
    expect(await api('card/code/consume', { code: held.code })).toMatchObject({ errcode: 0 });
  });
});
