// @vitest-environment happy-dom
// The browser simulator living in the WeChat API stand-in's world, with the real
// weixin-js-sdk and the real server part: the add goes to the stand-in (which issues the
// code), the sheet shows the stand-in's card, chooseCard lists what the stand-in says the
// user holds, and the server decrypts and consumes through the same stand-in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCouponHandler, createWeChatApi } from '../../src/server';
import { createWeChatApiStandIn, type StandInCardEvent } from '../../src/simulator/api';
import { APP_ID, closePage, openPage } from '../helpers/browserPage';
import { groupon } from './api/cardWorld';

const SECRET = '0123456789abcdef0123456789abcdef';
const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0e6c5a60000000049454e44ae426082', 'hex'));

afterEach(() => {
  closePage();
  document.querySelector('[data-wx-sim-sheet]')?.remove();
  vi.unstubAllGlobals();
});

/** A stand-in with two coupons (one with an uploaded logo, one under review), the coupon handler on it, and the page's fetch routed to both. */
async function world() {
  const events: StandInCardEvent[] = [];
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: SECRET, reviewDelayMs: null, onCardEvent: (event) => events.push(event) });
  const api = createWeChatApi({ appId: APP_ID, appSecret: SECRET, fetch: standIn.fetch });
  const form = new FormData();
  form.append('buffer', new Blob([PNG]), 'logo.png');
  const token = await api.accessToken();
  const logo = (await (await standIn.fetch(`https://api.weixin.qq.com/cgi-bin/media/uploadimg?access_token=${token}`, { method: 'POST', body: form })).json()) as { url: string };
  const approved = standIn.createCard(groupon({ logo_url: logo.url, color: 'Color080' }), { approved: true });
  const underReview = standIn.createCard(groupon({ title: '内测券' }));
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: () => true, authorizeConsume: () => true });
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const request = new Request(url, init);
    if (url.pathname.startsWith('/__wx-api/')) return standIn.handle(request);
    if (url.pathname.startsWith('/api/wx/')) return handler(request);
    return realFetch(input, init);
  });
  const tickets = async () => ({ jsapiTicket: standIn.currentTickets().jsapi, cardApiTicket: standIn.currentTickets().wx_card });
  const post = async (route: string, body: unknown) => (await fetch(`/api/wx/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, any>>;
  return { standIn, events, approved, underReview, tickets, post };
}

const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', cardSignUrl: '/api/wx/card-sign', timeoutMs: 3000 };

describe('the browser simulator with the WeChat API stand-in', () => {
  it('adds through the stand-in: its card on the sheet (title, colour, logo), its code, user_get_card; the server decrypts and consumes it', async () => {
    const w = await world();
    const { lib } = await openPage('/coupon', { standInUrl: '/__wx-api', tickets: w.tickets, ui: true });
    lib.configure(options);
    const adding = lib.addToCardsAndOffers({ cardId: w.approved, outerStr: 'dom-test' });
    await vi.waitFor(() => expect(document.querySelector('[data-wx-sim-sheet]')).not.toBeNull(), { timeout: 3000 });
    const row = document.querySelector(`[data-wx-sim-card="${w.approved}"]`) as HTMLElement;
    expect(row.textContent).toContain('132元双人火锅套餐');
    const swatch = row.firstElementChild as HTMLElement;
    expect(swatch.style.background).toContain('#ee903c'); // Color080
    const logo = row.querySelector('[data-wx-sim-logo]') as HTMLImageElement;
    expect(logo.src).toMatch(new RegExp(`^${location.origin}/__wx-api/__sim/media/[\\w-]+$`));
    (document.querySelector('[data-wx-sim="confirm"]') as HTMLElement).click();

    const [added] = await adding;
    expect(added).toMatchObject({ cardId: w.approved, isSuccess: true });
    const userGetCard = w.events.find((e) => e.Event === 'user_get_card')!;
    expect(userGetCard).toMatchObject({ CardId: w.approved, FromUserName: w.standIn.simulatedOpenid(), OuterStr: 'dom-test' });
    expect(await w.post('decrypt', { encryptCode: added!.code })).toEqual({ code: userGetCard.UserCardCode });
    expect(await w.post('consume', { encryptCode: added!.code, cardId: w.approved })).toMatchObject({ code: userGetCard.UserCardCode, consumed: true });
    expect(w.events.at(-1)).toMatchObject({ Event: 'user_consume_card', UserCardCode: userGetCard.UserCardCode, OuterStr: 'dom-test' });
  });

  it('chooseCard lists the codes the stand-in says the user holds (not consumed ones), with its encrypt_codes', async () => {
    const w = await world();
    const first = w.standIn.addCard({ cardId: w.approved });
    const second = w.standIn.addCard({ cardId: w.approved });
    await w.post('consume', { code: first.code });
    let offered: string[] = [];
    const { lib } = await openPage('/use', {
      standInUrl: '/__wx-api',
      tickets: w.tickets,
      answer: ({ cardIds }) => ((offered = cardIds), { action: 'confirm', cardIds }),
    });
    lib.configure(options);
    const chosen = await lib.chooseCard({ cardId: w.approved });
    expect(offered).toEqual([`${w.approved}#${second.code}`]);
    expect(chosen).toHaveLength(1);
    expect(await w.post('decrypt', { encryptCode: chosen[0]!.encryptCode })).toEqual({ code: second.code });
  });

  it('a card under review: refused for a user off the test whitelist (is_succ 0, no code), added once the user is on it', async () => {
    const w = await world();
    const { lib } = await openPage('/coupon', { standInUrl: '/__wx-api', tickets: w.tickets });
    lib.configure(options);
    // As WeChat reports a card it could not add: in the list, is_succ false, no code.
    expect(await lib.addToCardsAndOffers({ cardId: w.underReview })).toEqual([expect.objectContaining({ cardId: w.underReview, isSuccess: false, code: '' })]);
    expect(w.events.filter((e) => e.Event === 'user_get_card')).toEqual([]);

    const token = await createWeChatApi({ appId: APP_ID, appSecret: SECRET, fetch: w.standIn.fetch }).accessToken();
    await w.standIn.fetch(`https://api.weixin.qq.com/card/testwhitelist/set?access_token=${token}`, { method: 'POST', body: JSON.stringify({ openid: [w.standIn.simulatedOpenid()] }) });
    const again = await openPage('/coupon', { standInUrl: '/__wx-api', tickets: w.tickets });
    again.lib.configure(options);
    expect(await again.lib.addToCardsAndOffers({ cardId: w.underReview })).toMatchObject([{ cardId: w.underReview, isSuccess: true }]);
  });
});
