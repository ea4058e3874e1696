// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decryptSimulatedCode } from '../../../src/simulator';
import { APP_ID, closePage, openPage, simulatedBridge, UA } from '../../helpers/browserPage';
import { serveMerchant } from '../../helpers/merchantServer';

afterEach(closePage);

const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const OTHER = 'pFS7Fjg8kV1IdDz01r4SQwMkuXYZ';
const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', timeoutMs: 1000 };

describe('addToCardsAndOffers', () => {
  it('adds a card: card_ext fetched from the server, WeChat’s encrypted code returned', async () => {
    const { lib, sim } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    const added = await lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'poster' });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ cardId: CARD, isSuccess: true });
    expect(JSON.parse(added[0]!.cardExt)).toMatchObject({ outer_str: 'poster', signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    // The code is the encrypted one; the simulated user's card holds the real one.
    expect(decryptSimulatedCode(added[0]!.code)).toBe(sim!.cards[0]?.code);
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-ext', 'signature']);
    expect(server.requests.find((r) => r.route === 'card-ext')?.body).toEqual({ cardId: CARD, outerStr: 'poster' });
    // (weixin-js-sdk also asks getNetworkType for its telemetry beacon.)
    expect(sim!.calls.map((c) => c.name).filter((name) => name !== 'getNetworkType')).toEqual(['preVerifyJSAPI', 'batchAddCard']);
  });

  it('sends the signature and card_ext requests at once, beside the engine download, not after it', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    const added = lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'poster' });
    // Synchronously: the engine (a separate chunk or companion file) has not arrived yet.
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-ext', 'signature']);
    expect(await added).toMatchObject([{ cardId: CARD, isSuccess: true }]);
    expect(server.requests).toHaveLength(2); // the engine took both over: nothing was asked twice
  });

  it('starts no signature request where a fresh signature is stored from an earlier page', async () => {
    const first = await openPage('/coupon');
    serveMerchant();
    first.lib.configure(options);
    await first.lib.ready();
    const { lib } = await openPage('/coupon'); // the next page load, same sessionStorage
    const server = serveMerchant();
    lib.configure(options);
    const added = lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.map((r) => r.route)).toEqual(['card-ext']);
    await added;
    expect(server.requests.map((r) => r.route)).toEqual(['card-ext']);
  });

  it('still sends the signature early when the stored one is too old to reuse', async () => {
    const { lib } = await openPage('/coupon');
    sessionStorage.setItem(`wx-coupon:signature:${APP_ID}:${location.origin}/coupon`, JSON.stringify({ appId: APP_ID, timestamp: 1, nonceStr: 'n', signature: 'f'.repeat(40), expiresAt: Date.now() + 30_000 }));
    const server = serveMerchant();
    lib.configure(options);
    const added = lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-ext', 'signature']);
    await added;
    expect(server.requests).toHaveLength(2);
  });

  it('prefetchCardExt alone sends no signature request (it does not verify the page)', async () => {
    const { lib, sim } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    lib.prefetchCardExt(CARD);
    // A call that verifies sends its signature request before it returns, beside the engine's
    // download (see 'starts no signature request…' above): this one sent only card_ext.
    expect(server.requests.map((r) => r.route)).toEqual(['card-ext']);
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')).toHaveLength(0);
  });

  it('adds several cards in one sheet, with card_ext given as an object or a string', async () => {
    const { lib, sim } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    const fetched = (await (await fetch('/api/wx/card-ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardId: OTHER }) })).json()) as { cardExt: string };
    const first = JSON.parse((await (await fetch('/api/wx/card-ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardId: CARD }) })).json()).cardExt);
    server.requests.length = 0;
    const added = await lib.addToCardsAndOffers([
      { cardId: CARD, cardExt: first, outerStr: 'flyer' },
      { cardId: OTHER, cardExt: fetched.cardExt },
    ]);
    expect(added.map((c) => c.cardId)).toEqual([CARD, OTHER]);
    expect(JSON.parse(added[0]!.cardExt).outer_str).toBe('flyer');
    expect(server.requests.map((r) => r.route)).toEqual(['signature']);
    expect(sim!.cards).toHaveLength(2);
  });

  it('rejects CANCELLED when the user closes the sheet', async () => {
    const { lib, sim } = await openPage('/coupon', { answer: () => ({ action: 'cancel' }) });
    serveMerchant();
    lib.configure(options);
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'CANCELLED', errMsg: 'addCard:cancel' });
    expect(sim!.cards).toHaveLength(0);
  });

  it('makes one bridge call for a double tap, and both callers get its result', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    const [a, b] = await Promise.all([lib.addToCardsAndOffers({ cardId: CARD }), lib.addToCardsAndOffers({ cardId: CARD })]);
    expect(a).toBe(b);
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(1);
    // Once settled, the next tap is a new add.
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(2);
  });

  it('uses a prefetched card_ext once, so the tap needs no card_ext round trip', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    lib.prefetchCardExt([CARD]);
    await lib.ready();
    await vi.waitFor(() => expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(1));
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(1);
    // Each card_ext serves one add: a repeated timestamp + nonce would make WeChat refuse it.
    await lib.addToCardsAndOffers({ cardId: CARD });
    expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(2);
  });

  it('does not prefetch where cards cannot work', async () => {
    const { lib } = await openPage('/coupon', false);
    const server = serveMerchant();
    lib.configure(options);
    lib.prefetchCardExt([CARD]);
    // Where cards work, the card_ext request goes out before prefetchCardExt returns (above).
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['http500', 'CARD_EXT_FAILED', /card_ext endpoint .* HTTP 500/],
    ['junk', 'CARD_EXT_FAILED', /not a JSON object/],
    ['network', 'CARD_EXT_FAILED', /Could not reach/],
    ['missing-fields', 'CARD_EXT_FAILED', /not a JSON string with timestamp and signature/],
    ['hang', 'TIMEOUT', /card_ext endpoint .* did not answer within 200 ms/],
  ] as const)('card_ext endpoint %s → %s, and no sheet opens', async (fault, code, message) => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant({ faults: { 'card-ext': fault } });
    lib.configure({ ...options, timeoutMs: 200 });
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(0);
  });

  it('reports the page verification when the card_ext request fails too, even when card_ext fails first', async () => {
    const { lib, sim } = await openPage('/coupon');
    // card_ext fails at once (no network); the signature fails a moment later, through the handler.
    serveMerchant({ faults: { signature: 'http500', 'card-ext': 'network' } });
    lib.configure(options);
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'SIGNATURE_FAILED', message: expect.stringMatching(/signature endpoint .* HTTP 500/) });
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(0);
  });

  it('takes card_ext from getCardExt(card), and reports one that fails', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    const seen: unknown[] = [];
    lib.configure({
      appId: APP_ID,
      signatureUrl: '/api/wx/signature',
      getCardExt: async (card) => {
        seen.push(card);
        return (await (await fetch('/api/wx/card-ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(card) })).json()).cardExt;
      },
    });
    await expect(lib.addToCardsAndOffers({ cardId: CARD, outerStr: 'x' })).resolves.toHaveLength(1);
    expect(seen).toEqual([{ cardId: CARD, outerStr: 'x' }]);
    lib.configure({ appId: APP_ID, signatureUrl: '/api/wx/signature', getCardExt: () => Promise.reject(new Error('no session')) });
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'CARD_EXT_FAILED', message: expect.stringContaining('no session') });
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(1);
  });

  it('says CARD_EXT_FAILED when WeChat rejects a card_ext signed with the wrong ticket', async () => {
    const { lib } = await openPage('/coupon');
    serveMerchant({ cardApiTicket: 'the-jsapi-ticket-by-mistake' });
    lib.configure(options);
    const error = await lib.addToCardsAndOffers({ cardId: CARD }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CARD_EXT_FAILED', errMsg: 'addCard:invalid signature', message: expect.stringContaining('api_ticket') });
  });

  it('verifies again once when another wx.config on the page replaced ours, then adds', async () => {
    const { lib, sim } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    await lib.ready();
    // Another wx.config on the page (say, the merchant's own copy of the SDK) with a bad signature.
    await new Promise<void>((resolve) => (window as unknown as { WeixinJSBridge: { invoke: Function } }).WeixinJSBridge.invoke('preVerifyJSAPI', { verifyAppId: APP_ID, verifySignature: 'bad', verifyNonceStr: 'x', verifyTimestamp: '1' }, () => resolve()));
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).resolves.toMatchObject([{ cardId: CARD, isSuccess: true }]);
    const names = sim!.calls.map((c) => `${c.name}:${String(c.reply?.err_msg ?? '')}`).filter((c) => !c.startsWith('getNetworkType'));
    expect(names).toEqual([
      'preVerifyJSAPI:preVerifyJSAPI:ok',
      'preVerifyJSAPI:preVerifyJSAPI:fail_invalid signature',
      'batchAddCard:batch_add_card:access denied',
      'preVerifyJSAPI:preVerifyJSAPI:ok',
      'batchAddCard:batch_add_card:ok',
    ]);
    // The re-verification reused the signature WeChat had accepted (sessionStorage).
    expect(server.requests.filter((r) => r.route === 'signature')).toHaveLength(1);
  });

  it('rejects PERMISSION_DENIED when the account has no card permission, after one re-verification', async () => {
    const { lib, sim } = await openPage('/coupon', { deny: ['batchAddCard'] });
    serveMerchant();
    lib.configure(options);
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'PERMISSION_DENIED', errMsg: 'addCard:permission denied' });
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(2);
  });

  it('ignores the reply to a wx.config that is not ours', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    const bridge = await simulatedBridge();
    // The client holds its answer to our verification back until the merchant's own (failing)
    // one has been answered.
    const raw = bridge.invoke.bind(bridge);
    let releaseOurs: (() => void) | undefined;
    bridge.invoke = (name, args, cb) =>
      raw(name, args, (reply) => {
        if (name === 'preVerifyJSAPI' && args.verifySignature !== 'theirs') releaseOurs = () => cb(reply);
        else cb(reply);
      });
    const ours = lib.ready();
    await vi.waitFor(() => expect(releaseOurs).toBeDefined());
    await new Promise<void>((resolve) =>
      bridge.invoke('preVerifyJSAPI', { verifyAppId: APP_ID, verifySignature: 'theirs', verifyNonceStr: 'n', verifyTimestamp: '1' }, () => resolve()),
    );
    releaseOurs!();
    await expect(ours).resolves.toBeUndefined();
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI').map((c) => c.reply?.err_msg)).toEqual(['preVerifyJSAPI:ok', 'preVerifyJSAPI:fail_invalid signature']);
  });

  it('rejects TIMEOUT when WeChat’s sheet never answers (interactionTimeoutMs)', async () => {
    const { lib } = await openPage('/coupon', { answer: () => new Promise(() => {}) });
    serveMerchant();
    lib.configure({ ...options, interactionTimeoutMs: 150 });
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'TIMEOUT', request: 'batchAddCard' });
  });

  it('works on WeChat 10+ and on 6.0.2', async () => {
    for (const version of ['10.0.1', '6.0.2.56_r958800.520']) {
      const { lib } = await openPage('/coupon', { userAgent: UA.android(version) });
      serveMerchant();
      lib.configure(options);
      await expect(lib.addToCardsAndOffers({ cardId: CARD })).resolves.toHaveLength(1);
      closePage();
    }
  });
});

describe('where cards cannot work, every call rejects at once: no signature request, no SDK', () => {
  it.each([
    ['a desktop browser', UA.safari, 'NOT_WECHAT'],
    ['desktop WeChat', UA.windows, 'UNSUPPORTED_CLIENT'],
    ['WeCom', UA.wecom, 'UNSUPPORTED_CLIENT'],
    ['WeChat 6.0.1', UA.android('6.0.1.60_r927066.480'), 'VERSION_TOO_LOW'],
  ])('%s → %s', async (_name, userAgent, code) => {
    const sdkListeners: string[] = [];
    const { lib } = await openPage('/coupon', false);
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(userAgent);
    // weixin-js-sdk adds capture listeners for "error" and "load" on window when it loads;
    // we wait for WeixinJSBridgeReady on document before any call.
    const addWindow = vi.spyOn(window, 'addEventListener').mockImplementation((type: string) => void sdkListeners.push(`window:${type}`));
    const addDocument = vi.spyOn(document, 'addEventListener');
    const server = serveMerchant();
    lib.configure({ ...options, cardSignUrl: '/api/wx/card-sign' });
    const calls = [lib.ready(), lib.addToCardsAndOffers({ cardId: CARD }), lib.chooseCard(), lib.openCard([{ cardId: CARD, code: '123' }])];
    for (const call of calls) await expect(call).rejects.toMatchObject({ code, name: 'CouponError' });
    expect(server.requests).toHaveLength(0);
    expect(sdkListeners).toEqual([]);
    expect(addDocument.mock.calls.map(([type]) => type)).not.toContain('WeixinJSBridgeReady');
    addWindow.mockRestore();
  });
});

describe('bad input', () => {
  it('rejects INVALID_ARGUMENT before configure(), saying what to call', async () => {
    const { lib } = await openPage('/coupon');
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('configure(') });
    await expect(lib.ready()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('throws INVALID_ARGUMENT from configure() for options that cannot work', async () => {
    const { lib } = await openPage('/coupon');
    expect(() => lib.configure({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('appId') }));
    expect(() => lib.configure({ appId: APP_ID })).toThrow(/signatureUrl/);
    expect(() => lib.configure({ appId: APP_ID, signatureUrl: '/s', timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => lib.configure({ appId: APP_ID, getSignature: 'nope' as never })).toThrow(/getSignature must be a function/);
  });

  it.each([
    ['wx123', /appId "wx123" is not an AppID: your official account’s AppID, "wx" and 16 hex digits/],
    ['gh_1234567890ab', /is not an AppID/], // an account's original id, not its AppID
    ['wx1234567890ABCDEF', /is not an AppID/],
  ])('configure() refuses appId %j: it is not an AppID', async (appId, message) => {
    const { lib } = await openPage('/coupon');
    expect(() => lib.configure({ appId, signatureUrl: '/s' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });

  it('configure() refuses an endpoint that is not an http(s) URL', async () => {
    const { lib } = await openPage('/coupon');
    expect(() => lib.configure({ appId: APP_ID, signatureUrl: 'javascript:alert(1)' })).toThrow(/signatureUrl "javascript:alert\(1\)" is not an http\(s\) URL/);
  });

  it('says "did you mean" for a misspelt key, in configure() and every call', async () => {
    const { lib } = await openPage('/coupon');
    serveMerchant();
    expect(() => lib.configure({ appid: APP_ID, signatureUrl: '/s' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'configure(): "appid" is not a key wx-coupon reads: did you mean appId?' }));
    expect(() => lib.configure({ appId: APP_ID, signature_url: '/s' } as never)).toThrow(/"signature_url" .* did you mean signatureUrl\?/);
    lib.configure({ ...options, cardSignUrl: '/api/wx/card-sign' });
    await expect(lib.addToCardsAndOffers({ card_id: CARD } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'addToCardsAndOffers(): "card_id" is not a key wx-coupon reads: did you mean cardId?' });
    await expect(lib.addToCardsAndOffers({ cardId: CARD, outer_str: 'x' } as never)).rejects.toThrow(/did you mean outerStr\?/);
    expect(() => lib.prefetchCardExt([{ cardID: CARD } as never])).toThrow(/did you mean cardId\?/);
    await expect(lib.chooseCard({ shop_id: 1001 } as never)).rejects.toThrow(/chooseCard\(\): "shop_id" .* did you mean shopId\?/);
    await expect(lib.openCard([{ cardId: CARD, Code: '1' } as never])).rejects.toThrow(/openCard\(\): "Code" .* did you mean code\?/);
  });

  it.each([
    [[], /at least one card/],
    [{ cardId: '' }, /cardId must be/],
    [{ cardId: 'bad id!' }, /cardId must be/],
    [{ cardId: CARD, cardExt: 42 }, /cardExt must be/],
    [{ cardId: CARD, outerStr: 7 }, /outerStr must be a string/],
    [[{ cardId: CARD }, null], /each card must be an object/],
  ])('addToCardsAndOffers(%j) → INVALID_ARGUMENT', async (input, message) => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    await expect(lib.addToCardsAndOffers(input as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    expect(sim!.calls).toHaveLength(0);
  });

  it('says to configure cardExtUrl when a card has no cardExt and none can be fetched', async () => {
    const { lib } = await openPage('/coupon');
    serveMerchant();
    lib.configure({ appId: APP_ID, signatureUrl: '/api/wx/signature' });
    await expect(lib.addToCardsAndOffers({ cardId: CARD })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('cardExtUrl') });
  });
});
