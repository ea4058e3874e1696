// @vitest-environment happy-dom
// A page whose server embedded its signature and card_ext (wx-coupon/server's
// embedCouponConfig, asking the real handler): the first tap asks the server nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCouponHandler, embedCouponConfig, type CouponApi, type EmbeddedCouponConfig } from '../../../src/server';
import { APP_ID, closePage, openPage, pageStandIn, UA } from '../../helpers/browserPage';
import { serveMerchant } from '../../helpers/merchantServer';

afterEach(() => {
  document.getElementById('wx-coupon-config')?.remove();
  sessionStorage.clear();
  closePage();
});

const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', timeoutMs: 1000 };

// The open page's WeChat (its stand-in) knows these tickets; the simulator checks signatures with them.
async function embedded({ jsapiTicket = pageStandIn().currentTickets().jsapi, ticketExpiresAt = Date.now() + 7_200_000, pageUrl = location.href, cards = [CARD] as Array<string | { cardId: string; outerStr?: string }> } = {}): Promise<EmbeddedCouponConfig> {
  const api: CouponApi = {
    credential: async (name) => ({ value: name === 'jsapi_ticket' ? jsapiTicket : pageStandIn().currentTickets().wx_card, expiresAt: ticketExpiresAt }),
    decryptCode: async () => '',
    consumeCode: async () => ({}) as never,
  };
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: [location.origin] });
  const { config, html } = await embedCouponConfig({ handler, request: new Request(pageUrl, { headers: { 'user-agent': UA.iphone() } }), cards });
  document.head.insertAdjacentHTML('beforeend', html);
  return config;
}

describe('a page with its answers embedded by the server', () => {
  it('adds a card at the first tap without asking the merchant’s server anything', async () => {
    const { lib, sim } = await openPage('/coupon?from=poster');
    const server = serveMerchant();
    await embedded();
    lib.configure(options);
    const added = await lib.addToCardsAndOffers({ cardId: CARD });
    expect(added).toMatchObject([{ cardId: CARD, isSuccess: true }]);
    expect(server.requests).toEqual([]);
    expect(sim!.calls.map((c) => c.name).filter((name) => name !== 'getNetworkType')).toEqual(['preVerifyJSAPI', 'batchAddCard']);
  });

  it('uses each embedded card_ext once: the next add fetches its own', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded({ cards: [{ cardId: CARD, outerStr: 'poster' }] });
    lib.configure(options);
    await lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'poster' });
    expect(server.requests).toEqual([]);
    await lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'poster' });
    expect(server.requests.map((r) => r.route)).toEqual(['card-ext']);
  });

  it('hands an embedded card_ext over to the page’s first configure() only: a second one fetches its own', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded();
    lib.configure(options);
    await lib.addToCardsAndOffers({ cardId: CARD });
    lib.configure(options); // the page configures again (new options, a route change…)
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.map((r) => r.route)).toContain('card-ext');
  });

  it('fetches card_ext for a card with another outer_str than the embedded one', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded({ cards: [{ cardId: CARD, outerStr: 'poster' }] });
    lib.configure(options);
    await lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'banner' });
    expect(server.requests.map((r) => [r.route, r.body])).toEqual([['card-ext', { cardId: CARD, outerStr: 'banner' }]]);
  });

  it.each([
    // expiresAt: the ticket's expiry less the handler's two-minute margin, so already past
    ['has expired', () => embedded({ ticketExpiresAt: Date.now() + 60_000 })],
    ['is for another URL (the page moved before configure)', () => embedded({ pageUrl: `${location.origin}/elsewhere` })],
  ])('fetches a signature when the embedded one %s', async (_, embed) => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embed();
    lib.configure(options);
    const added = lib.addToCardsAndOffers({ cardId: CARD });
    // At once, beside the engine's download: the embedded one was left out when read.
    expect(server.requests.map((r) => r.route)).toEqual(['signature']);
    await added;
    expect(server.requests.map((r) => r.route)).toEqual(['signature']);
  });

  it('fetches a fresh signature when WeChat rejects the embedded one, and adds the card', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded({ jsapiTicket: 'a-ticket-wechat-does-not-know' });
    lib.configure(options);
    expect(await lib.addToCardsAndOffers({ cardId: CARD })).toMatchObject([{ isSuccess: true }]);
    expect(server.requests.map((r) => r.route)).toEqual(['signature']);
  });

  it('ignores an embedded signature made for another appId', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    const config = await embedded();
    document.getElementById('wx-coupon-config')!.textContent = JSON.stringify({ ...config, signature: { ...config.signature, appId: 'wxsomeoneelse00000' } });
    lib.configure(options);
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.map((r) => r.route)).toEqual(['signature']);
  });

  it('says so and fetches everything when the embedded element is not JSON', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    document.head.insertAdjacentHTML('beforeend', '<script type="application/json" id="wx-coupon-config">{oops</script>');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    lib.configure(options);
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('#wx-coupon-config is not a JSON object'));
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-ext', 'signature']);
  });

  it('lets a getSignature hook sign: embedding is for the URL endpoints', async () => {
    const { lib } = await openPage('/coupon');
    serveMerchant();
    const config = await embedded();
    const getSignature = vi.fn(async () => config.signature!);
    lib.configure({ ...options, signatureUrl: undefined, getSignature });
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(getSignature).toHaveBeenCalledTimes(1);
  });

  it('serves the buttons’ first taps: warm-up and tap ask the server nothing', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded();
    document.body.innerHTML = `<button id="add" data-wx-add-card="${CARD}">领取</button>`;
    lib.configure(options);
    const unbind = lib.bindButtons();
    const added = new Promise<Event>((resolve) => document.addEventListener('wx-coupon:added', resolve, { once: true }));
    document.getElementById('add')!.click();
    expect((await added).type).toBe('wx-coupon:added');
    // The only request: the button prefetching the card_ext for its next tap.
    await vi.waitFor(() => expect(server.requests.map((r) => r.route)).toEqual(['card-ext']));
    unbind();
    document.body.innerHTML = '';
  });

  it('keeps the buttons’ card_ext when the page was verified before they were bound', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    await embedded();
    lib.configure(options);
    await lib.ready(); // the script tag verifies as it runs; the engine is there before the body is
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await lib.addToCardsAndOffers({ cardId: CARD })).toMatchObject([{ isSuccess: true }]);
    expect(server.requests).toEqual([]);
  });
});
