// @vitest-environment happy-dom
// wx.config through the real weixin-js-sdk against the simulator.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, closePage, openPage, simulatedBridge, UA } from '../helpers/browserPage';
import { serveMerchant } from '../helpers/merchantServer';

afterEach(closePage);

const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', timeoutMs: 1000 };

describe('ready()', () => {
  it('verifies the page with one signature request for its URL, asking for the three card APIs', async () => {
    const { lib, sim } = await openPage('/coupon?campaign=spring#/detail');
    const server = serveMerchant();
    lib.configure(options);
    await expect(lib.ready()).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe(`${location.origin}/api/wx/signature?url=${encodeURIComponent(`${location.origin}/coupon?campaign=spring`)}`);
    const preVerify = sim!.calls.filter((c) => c.name === 'preVerifyJSAPI');
    expect(preVerify).toHaveLength(1);
    expect(preVerify[0]?.args.verifyJsApiList).toEqual(['batchAddCard', 'chooseCard', 'batchViewCard']);
    expect(preVerify[0]?.reply?.err_msg).toBe('preVerifyJSAPI:ok');
  });

  it('is shared: concurrent and later calls for the same URL verify once', async () => {
    const { lib, sim } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    await Promise.all([lib.ready(), lib.ready(), lib.ready()]);
    await lib.ready();
    expect(server.requests).toHaveLength(1);
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')).toHaveLength(1);
  });

  it.each([['WeChat 10.0.1', UA.android('10.0.1')], ['WeChat 8', UA.android()], ['WeChat 11.2 on iOS', UA.iphone('11.2')]])(
    'rejects CONFIG_FAILED on an invalid signature on %s, although the SDK fires wx.ready',
    async (_name, userAgent) => {
      const { lib } = await openPage('/coupon', { userAgent });
      serveMerchant({ jsapiTicket: 'not-the-ticket-wechat-has' });
      lib.configure(options);
      const error = await lib.ready().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(lib.CouponError);
      expect(error).toMatchObject({ code: 'CONFIG_FAILED', errMsg: expect.stringContaining('invalid signature') });
      // The message says which URL was signed and what it must match.
      expect((error as Error).message).toContain(`"${location.origin}/coupon"`);
      expect((error as Error).message).toMatch(/without "#…"/);
      expect((error as Error).message).toMatch(/safe domain/);
    },
  );

  it('shows why: the real SDK on WeChat 10 calls wx.ready and never wx.error after a failed verification', async () => {
    await openPage('/coupon', { userAgent: UA.android('10.0.1') });
    const wx = (await import('weixin-js-sdk')).default as unknown as { config(o: object): void; ready(f: () => void): void; error(f: () => void): void };
    const onError = vi.fn();
    const readyFired = new Promise<void>((resolve) => wx.ready(resolve));
    wx.error(onError);
    wx.config({ appId: APP_ID, timestamp: 1, nonceStr: 'n', signature: '0'.repeat(40), jsApiList: ['addCard'] });
    await readyFired;
    expect(onError).not.toHaveBeenCalled();
  });

  it('still sees the real outcome when the bridge object is frozen', async () => {
    const { lib } = await openPage('/coupon', { userAgent: UA.android('10.0.1') });
    serveMerchant({ jsapiTicket: 'wrong' });
    await vi.waitFor(() => expect((window as { WeixinJSBridge?: object }).WeixinJSBridge).toBeDefined());
    Object.freeze((window as unknown as { WeixinJSBridge: object }).WeixinJSBridge);
    lib.configure(options);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'CONFIG_FAILED' });
  });

  it('retries once with the other URL candidate (landing vs current) after an SPA navigation', async () => {
    // A client that verifies against the URL the page was loaded with, as iOS WeChat does,
    // while the user agent says Android (so the current URL is tried first).
    const { lib, sim } = await openPage('/landing?from=menu', { signedUrl: 'landing' });
    const server = serveMerchant();
    lib.configure(options);
    history.pushState(null, '', '/spa/route');
    await expect(lib.ready()).resolves.toBeUndefined();
    expect(server.requests.map((r) => new URL(r.url).searchParams.get('url'))).toEqual([`${location.origin}/spa/route`, `${location.origin}/landing?from=menu`]);
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI').map((c) => c.reply?.err_msg)).toEqual(['preVerifyJSAPI:fail_invalid signature', 'preVerifyJSAPI:ok']);
  });

  it('signs the landing URL first on iOS', async () => {
    const { lib } = await openPage('/landing', { userAgent: UA.iphone() });
    const server = serveMerchant();
    lib.configure(options);
    history.pushState(null, '', '/spa/route');
    await lib.ready();
    expect(server.requests.map((r) => new URL(r.url).searchParams.get('url'))).toEqual([`${location.origin}/landing`]);
  });

  it('gives up after both candidates fail, naming both URLs', async () => {
    const { lib } = await openPage('/landing');
    const server = serveMerchant({ jsapiTicket: 'wrong' });
    lib.configure(options);
    history.pushState(null, '', '/other');
    const error = await lib.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_FAILED' });
    expect((error as Error).message).toContain('/other"');
    expect((error as Error).message).toContain('/landing"');
    expect(server.requests).toHaveLength(2);
  });

  it('verifies again when an SPA changes path or query, once per URL; a hash change alone does not', async () => {
    const { lib, sim } = await openPage('/a');
    const server = serveMerchant();
    lib.configure(options);
    await lib.ready();
    location.hash = '#/tab2';
    await lib.ready();
    history.pushState(null, '', '/b?x=1');
    await lib.ready();
    await lib.ready();
    history.replaceState(null, '', '/b?x=2');
    await lib.ready();
    expect(server.requests.map((r) => new URL(r.url).searchParams.get('url'))).toEqual([`${location.origin}/a`, `${location.origin}/b?x=1`, `${location.origin}/b?x=2`]);
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')).toHaveLength(3);
  });

  it('rejects TIMEOUT when the bridge never arrives, and makes no card call', async () => {
    const { lib, sim } = await openPage('/coupon', { bridgeDelayMs: null });
    serveMerchant();
    lib.configure({ ...options, timeoutMs: 150 });
    await expect(lib.ready()).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('WeixinJSBridge') });
    expect(sim!.calls).toHaveLength(0);
  });

  it('waits for a bridge that arrives late', async () => {
    const { lib } = await openPage('/coupon', { bridgeDelayMs: 100 });
    serveMerchant();
    lib.configure(options);
    await expect(lib.ready()).resolves.toBeUndefined();
  });

  it('never turns on the SDK’s debug mode unless asked (it alerts every result)', async () => {
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const { lib } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    await lib.ready();
    expect(alert).not.toHaveBeenCalled();
  });
});

describe('the signature endpoint', () => {
  it.each([
    ['http500', 'SIGNATURE_FAILED', /^Your server failed: the signature endpoint .* answered HTTP 500 internal_error: The coupon handler failed; see the server log\.$/],
    ['junk', 'SIGNATURE_FAILED', /not a JSON object/],
    ['network', 'SIGNATURE_FAILED', /Could not reach/],
    ['missing-fields', 'SIGNATURE_FAILED', /lacks nonceStr/],
    ['hang', 'TIMEOUT', /did not answer within 200 ms/],
  ] as const)('%s → %s', async (fault, code, message) => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant({ faults: { signature: fault } });
    lib.configure({ ...options, timeoutMs: 200 });
    const error = await lib.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message), request: expect.stringContaining('/api/wx/signature?url=') });
    if (fault !== 'hang') expect((error as Error).cause).toBeDefined();
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')).toHaveLength(0);
  });

  it('is not retried forever: the next call asks again, once', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant({ faults: { signature: 'http500' } });
    lib.configure(options);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED' });
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED' });
    expect(server.requests).toHaveLength(2);
  });

  it('verifies again at a URL the page moved to after its wx.config went out (Android checks the current URL)', async () => {
    const { lib, sim } = await openPage('/a');
    serveMerchant();
    lib.configure(options);
    const bridge = await simulatedBridge();
    const raw = bridge.invoke.bind(bridge);
    let release: (() => void) | undefined;
    bridge.invoke = (name, args, cb) => raw(name, args, (reply) => (name === 'preVerifyJSAPI' && !release ? (release = () => cb(reply)) : cb(reply)));
    const first = lib.ready();
    await vi.waitFor(() => expect(release).toBeDefined()); // WeChat has answered for /a; the page does not know yet
    history.pushState(null, '', '/b');
    release!();
    await first;
    await lib.ready();
    const configs = sim!.calls.filter((c) => c.name === 'preVerifyJSAPI');
    expect(configs).toHaveLength(2);
    expect(configs.map((c) => c.reply?.err_msg)).toEqual(['preVerifyJSAPI:ok', 'preVerifyJSAPI:ok']);
  });

  it('drops an early signature request nobody took, instead of handing it over stale later', async () => {
    const { lib } = await openPage('/a');
    const server = serveMerchant();
    lib.configure(options);
    const first = lib.ready(); // the signature request for /a goes out at once, beside the engine
    history.pushState(null, '', '/b'); // and the app moves on before the engine arrives
    await first;
    // The engine drops what nobody took on the timer turn after it arrived; /b's verification can
    // finish before that turn (the test's server answers without a socket), so come back after it.
    await new Promise((resolve) => setTimeout(resolve));
    history.pushState(null, '', '/a');
    await lib.ready();
    const forA = server.requests.filter((r) => r.url.includes(encodeURIComponent(`${location.origin}/a`)));
    expect(forA).toHaveLength(2); // the early one, unused, and a fresh one when the page came back
  });

  it('accepts a getSignature(url) transport instead of signatureUrl', async () => {
    const { lib } = await openPage('/coupon?a=1');
    const server = serveMerchant();
    const seen: string[] = [];
    lib.configure({
      appId: APP_ID,
      getSignature: async (url) => {
        seen.push(url);
        const res = await fetch(`/api/wx/signature?url=${encodeURIComponent(url)}`);
        return res.json();
      },
    });
    await lib.ready();
    expect(seen).toEqual([`${location.origin}/coupon?a=1`]);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a getSignature() that throws or never settles', async () => {
    const { lib } = await openPage('/coupon');
    const boom = new Error('session expired');
    lib.configure({ appId: APP_ID, getSignature: () => { throw boom; } });
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED', cause: boom, message: expect.stringContaining('session expired') });
    lib.configure({ appId: APP_ID, timeoutMs: 100, getSignature: () => new Promise(() => {}) });
    await expect(lib.ready()).rejects.toMatchObject({ code: 'TIMEOUT', request: 'getSignature()' });
  });

  it('refuses a signature made for another appId', async () => {
    const { lib } = await openPage('/coupon');
    lib.configure({ appId: 'wx0000000000000002', getSignature: () => ({ appId: APP_ID, timestamp: 1, nonceStr: 'n', signature: 'a'.repeat(40) }) });
    const error = (await lib.ready().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'SIGNATURE_FAILED', message: expect.stringContaining('made for appId') });
    // A hook's return value is no HTTP answer: the wire contract is not what it broke.
    expect(error.message).toMatch(/expiresAt\? }\.$/);
  });

  it('points a malformed endpoint answer to the wire contract', async () => {
    const { lib } = await openPage('/coupon');
    serveMerchant({ faults: { signature: 'missing-fields' } });
    lib.configure(options);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED', message: expect.stringMatching(/expiresAt\? } \(wire contract\)\.$/) });
  });
});

describe('the sessionStorage signature cache', () => {
  it('reuses a signature across page loads while expiresAt is ahead', async () => {
    let page = await openPage('/coupon');
    let server = serveMerchant();
    page.lib.configure(options);
    await page.lib.ready();
    expect(server.requests).toHaveLength(1);

    // The same page loaded again (fresh modules, same sessionStorage).
    page = await openPage('/coupon');
    server = serveMerchant();
    page.lib.configure(options);
    await page.lib.ready();
    expect(server.requests).toHaveLength(0);
    expect(page.sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')[0]?.reply?.err_msg).toBe('preVerifyJSAPI:ok');
  });

  it('asks again when the cached signature has expired or had no expiresAt', async () => {
    let page = await openPage('/coupon');
    serveMerchant({ signatureLifetimeMs: 30_000 }); // inside the reuse margin
    page.lib.configure(options);
    await page.lib.ready();
    page = await openPage('/coupon');
    let server = serveMerchant({ signatureLifetimeMs: null });
    page.lib.configure(options);
    await page.lib.ready();
    expect(server.requests).toHaveLength(1);
    page = await openPage('/coupon');
    server = serveMerchant();
    page.lib.configure(options);
    await page.lib.ready();
    expect(server.requests).toHaveLength(1);
  });

  it('reads expiresAt on the server’s clock: a device running 10 minutes behind stops reusing in time', async () => {
    const behind = 10 * 60_000;
    let page = await openPage('/coupon');
    // The server says: reuse for 30 more seconds (by its clock), inside the one-minute margin.
    serveMerchant({ clockOffsetMs: behind, signatureLifetimeMs: 30_000 });
    page.lib.configure(options);
    await page.lib.ready();
    page = await openPage('/coupon');
    const server = serveMerchant();
    page.lib.configure(options);
    await page.lib.ready();
    expect(server.requests).toHaveLength(1); // by the device's own clock it would have looked 10 minutes fresher
  });

  it('drops a cached signature WeChat rejects (rotated ticket) and fetches a fresh one for the same URL', async () => {
    let page = await openPage('/coupon');
    serveMerchant({ jsapiTicket: 'old-ticket' });
    page.lib.configure(options);
    await expect(page.lib.ready()).rejects.toMatchObject({ code: 'CONFIG_FAILED' });
    // A stale entry as a previous page load would have left it.
    sessionStorage.setItem(`wx-coupon:signature:${APP_ID}:${location.origin}/coupon`, JSON.stringify({ appId: APP_ID, timestamp: 1, nonceStr: 'n', signature: 'f'.repeat(40), expiresAt: Date.now() + 3_600_000 }));
    page = await openPage('/coupon');
    const server = serveMerchant();
    page.lib.configure(options);
    await expect(page.lib.ready()).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});
