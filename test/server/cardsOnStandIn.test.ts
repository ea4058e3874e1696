// The card-management calls of createWeChatApi against the stateful stand-in
// (wx-coupon/simulator/api): the seed's seven steps, in-process and over HTTP, and the
// answers that only state gives (review, stock, whitelist, used codes).
import { afterEach, describe, expect, it } from 'vitest';
import { createWeChatApi, NewCouponsRefusedError, WeChatApiError } from '../../src/server';
import { createWeChatApiStandIn, startWeChatApiStandIn, type RunningStandIn } from '../../src/simulator/api';
import { groupon, samples } from './cardSamples';
import { APP_ID, APP_SECRET, simulatedClock } from './fixtures';

const PNG = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0e6c5a60000000049454e44ae426082', 'hex'));

function world(reviewDelayMs: number | null = null) {
  const clock = simulatedClock(Date.now());
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now, reviewDelayMs });
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch, clock: clock.now, busyRetryDelayMs: 1 });
  /** A user scans a QR code, as WeChat would on the scan. */
  const scan = async (ticket: string, openid: string) =>
    (await (await standIn.fetch('https://api.weixin.qq.com/__sim/scan', { method: 'POST', body: JSON.stringify({ ticket, openid }) })).json()) as { card_list: Array<Record<string, any>> };
  return { clock, standIn, api, scan };
}

let running: RunningStandIn | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('createWeChatApi against the stand-in', () => {
  it("the seed's seven steps: token, logo, create, QR code, show it, whitelist, redeem", async () => {
    const { standIn, api, scan } = world();
    const token = await api.accessToken(); // 1
    expect(token).toEqual(expect.any(String));
    const { url: logoUrl } = await api.media.uploadImage(PNG, { filename: 'logo.png' }); // 2
    expect(logoUrl).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
    const { cardId } = await api.cards.create(groupon({ logo_url: logoUrl })); // 3
    expect(await api.cards.get(cardId)).toMatchObject({ cardId, cardType: 'GROUPON', status: 'CARD_STATUS_NOT_VERIFY' });
    const qr = await api.qrcodes.create({ cardId, outerStr: 'poster-1', expireSeconds: 1800 }); // 4
    const page = await standIn.fetch(qr.showQrcodeUrl); // 5
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('132元双人火锅套餐');
    // not approved: only whitelisted users may add it
    const refused = await scan(qr.ticket, 'o-tester-0001');
    expect(refused.card_list[0]).toMatchObject({ is_succ: 0, errcode: 40078 });
    await api.testWhitelist.set({ openids: ['o-tester-0001'] }); // 6
    const [added] = (await scan(qr.ticket, 'o-tester-0001')).card_list;
    expect(added).toMatchObject({ is_succ: 1, card_id: cardId });
    const code = added!.code as string;
    expect(await api.users.cardList({ openid: 'o-tester-0001', cardId })).toEqual([{ cardId, code }]);
    standIn.approve(cardId);
    expect(await api.codes.get({ code, cardId, checkConsume: true })).toMatchObject({ cardId, openid: 'o-tester-0001', canConsume: true, userCardStatus: 'NORMAL' });
    await expect(api.codes.consume({ code, cardId })).resolves.toEqual({ code, cardId, openid: 'o-tester-0001' }); // 7
    await expect(api.codes.consume({ code, cardId })).rejects.toMatchObject({ errcode: 40099 });
  });

  it('every coupon type is created, listed, updated, restocked and deleted', async () => {
    const { api } = world(0);
    const ids: string[] = [];
    for (const card of Object.values(samples)) ids.push((await api.cards.create(card)).cardId);
    const { cardIds, totalNum } = await api.cards.batchGet({ count: 50 });
    expect(totalNum).toBe(ids.length);
    expect([...cardIds].sort()).toEqual([...ids].sort());
    const [first] = ids as [string];
    await expect(api.cards.update(first, { groupon: { base_info: { description: '周末可用' } } })).resolves.toEqual({ sendCheck: expect.any(Boolean) });
    await api.cards.modifyStock(first, -100);
    await api.cards.modifyStock(first, +5);
    const fetched = await api.cards.get(first);
    expect((fetched.card as any).groupon.base_info.sku.quantity).toBe(500000 - 100 + 5);
    await api.cards.delete(first);
    await expect(api.cards.get(first)).resolves.toMatchObject({ status: 'CARD_STATUS_DELETE' });
    await expect(api.cards.modifyStock(first, 1)).rejects.toMatchObject({ name: 'WeChatApiError', errcode: 40073 });
    expect((await api.cards.batchGet()).totalNum).toBe(ids.length - 1);
  });

  it('codes: an unknown code is 40056, a code made unavailable cannot be consumed', async () => {
    const { standIn, api } = world(0);
    const { cardId } = await api.cards.create(samples.CASH!);
    await expect(api.codes.get({ code: '000000000000', cardId })).rejects.toMatchObject({ errcode: 40056 });
    const added = standIn.addCard({ cardId, openid: 'o-holder-0001' });
    const issued = { code: added.code as string, encryptCode: added.encrypt_code as string };
    await expect(api.codes.decrypt(issued.encryptCode)).resolves.toBe(issued.code);
    await api.codes.markUnavailable({ code: issued.code, cardId, reason: '退款' });
    const error = await api.codes.consume({ code: issued.code, cardId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 40056, path: 'card/code/consume' });
  });

  it('several cards in one QR code; landing page', async () => {
    const { api, scan } = world(0);
    const a = (await api.cards.create(samples.GIFT!)).cardId;
    const b = (await api.cards.create(samples.DISCOUNT!)).cardId;
    const qr = await api.qrcodes.create({ cards: [{ cardId: a, outerStr: 'x' }, { cardId: b }] });
    const added = (await scan(qr.ticket, 'o-scanner-0002')).card_list;
    expect(added.map((card) => [card.card_id, card.is_succ])).toEqual([[a, 1], [b, 1]]);
    const page = await api.landingPages.create({ banner: 'http://mmbiz.qpic.cn/banner/0', title: '优惠大派送', canShare: true, scene: 'SCENE_H5', cardList: [{ cardId: a, thumbUrl: 'http://mmbiz.qpic.cn/thumb/0' }] });
    expect(page).toEqual({ url: expect.any(String), pageId: expect.anything() });
  });

  it('a refusal the stand-in scripts for card/create (48001) becomes NewCouponsRefusedError', async () => {
    const { standIn, api } = world(0);
    standIn.injectFault({ path: 'card/create', errcode: 48001 });
    await expect(api.cards.create(samples.GROUPON!)).rejects.toBeInstanceOf(NewCouponsRefusedError);
  });

  it('over HTTP too: the multipart logo upload, create and QR code through a real socket', async () => {
    running = await startWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
    const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, apiBase: running.url });
    const { url } = await api.media.uploadImage(new Blob([PNG]));
    const { cardId } = await api.cards.create(groupon({ logo_url: url }));
    const qr = await api.qrcodes.create({ cardId });
    expect(qr.showQrcodeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect((await fetch(qr.showQrcodeUrl)).status).toBe(200);
  });
});
