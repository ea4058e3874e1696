import { describe, expect, it, vi } from 'vitest';
import { createWeChatApi, memoryStore, UpstreamHttpError, UpstreamTimeoutError, WeChatApiError, type TokenStore } from '../../src/server';
import { APP_ID, APP_SECRET, HOUR, call, setup, encryptedBy } from './fixtures';

const MIN = 60_000;

describe('createWeChatApi: central cache', () => {
  it('fetches the stable token and the tickets once and serves them from the cache', async () => {
    const { api, standIn } = setup();
    const tickets = standIn.currentTickets();
    expect(await api.jsapiTicket()).toBe(tickets.jsapi);
    expect(await api.cardApiTicket()).toBe(tickets.wx_card);
    expect(await api.jsapiTicket()).toBe(tickets.jsapi);
    expect(await api.accessToken()).toMatch(/\S{60}/);
    expect(standIn.counters).toMatchObject({ token: 0, stableToken: 1, jsapiTicket: 1, cardTicket: 1 });
  });

  it('single-flight: 200 concurrent callers on a cold cache make one token fetch and one ticket fetch', async () => {
    const { api, standIn } = setup();
    const results = await Promise.all(Array.from({ length: 200 }, () => api.jsapiTicket()));
    expect(new Set(results)).toEqual(new Set([standIn.currentTickets().jsapi]));
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1, total: 2 });
  });

  it('single-flight across kinds: 200 callers mixing token, jsapi and card tickets make one fetch of each', async () => {
    const { api, standIn } = setup();
    const calls = [api.accessToken, api.jsapiTicket, api.cardApiTicket];
    await Promise.all(Array.from({ length: 200 }, (_, i) => (calls[i % 3] as () => Promise<string>)()));
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1, cardTicket: 1, total: 3 });
  });

  it('refreshes ahead of expiry (5 minutes by default), not before', async () => {
    const { api, standIn, clock } = setup();
    const first = await api.credential('jsapi_ticket');
    expect(first.expiresAt).toBe(clock.now() + 2 * HOUR - 2 * MIN); // used until clockSkewMs before WeChat's expiry
    clock.advance(2 * HOUR - 5 * MIN - 1);
    expect((await api.credential('jsapi_ticket')).value).toBe(first.value);
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1 });
    clock.advance(1);
    // Due, but WeChat still accepts it: served at once, refreshed behind the caller's back.
    expect((await api.credential('jsapi_ticket')).value).toBe(first.value);
    await api.idle();
    expect(standIn.counters).toMatchObject({ stableToken: 2, jsapiTicket: 2 });
    const second = await api.credential('jsapi_ticket');
    expect(second.value).not.toBe(first.value);
    expect(second.expiresAt).toBe(clock.now() + 2 * HOUR - 2 * MIN);
  });

  it('honours refreshAheadMs, and refreshes at half-life a value WeChat hands out with little life left', async () => {
    const { api, standIn, clock, makeApi } = setup({ api: { refreshAheadMs: 10 * MIN } });
    await api.accessToken();
    clock.advance(2 * HOUR - 10 * MIN);
    await api.accessToken();
    await api.idle();
    expect(standIn.counters.stableToken).toBe(2); // the stand-in still returns the old token, 600 s left
    // A second process on its own cache now gets that token with 600 s left: refresh at 300 s, not on every read.
    const other = makeApi({ refreshAheadMs: 10 * MIN });
    await other.accessToken();
    await other.accessToken();
    await other.idle();
    expect(standIn.counters.stableToken).toBe(3);
    clock.advance(5 * MIN);
    await other.accessToken();
    await other.idle();
    expect(standIn.counters.stableToken).toBe(4);
  });

  it('during refresh-ahead, readers get the cached value at once while one slow refresh runs behind them', async () => {
    const { standIn, clock, makeApi } = setup();
    let release!: () => void;
    const upstreamHeld = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const refreshArrived = new Promise<void>((resolve) => (arrived = resolve));
    let held = false;
    let ticketCalls = 0;
    const api = makeApi({
      fetch: async (input, init) => {
        if (String(input).includes('getticket')) {
          ticketCalls++;
          if (held) {
            arrived();
            await upstreamHeld; // a slow WeChat, for as long as the test says
          }
        }
        return standIn.fetch(input, init);
      },
    });
    const first = await api.jsapiTicket();
    clock.advance(2 * HOUR - 4 * MIN); // due for refresh, still valid
    held = true;
    const read20 = () => Promise.all(Array.from({ length: 20 }, () => api.jsapiTicket()));
    // Before the fix these waited for the held upstream: the test would time out here.
    expect(await read20()).toEqual(Array.from({ length: 20 }, () => first));
    await refreshArrived;
    expect(await read20()).toEqual(Array.from({ length: 20 }, () => first)); // while the refresh is in flight
    expect(ticketCalls).toBe(2); // the first fetch and one refresh
    release();
    await api.idle();
    expect(ticketCalls).toBe(2);
    expect(await api.jsapiTicket()).not.toBe(first);
    expect(standIn.counters).toMatchObject({ jsapiTicket: 2 });
  });

  it('holds the refresh lock for a few upstream timeouts, not a minute', async () => {
    const { makeApi } = setup();
    const ttls: number[] = [];
    const inner = memoryStore();
    const store: TokenStore = { get: (key) => inner.get(key), set: (key, value, ttl) => inner.set(key, value, ttl), tryLock: (key, ttl) => (ttls.push(ttl), inner.tryLock(key, ttl)) };
    await makeApi({ store }).jsapiTicket();
    expect(ttls).toHaveLength(2);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(3 * 5000); // default timeoutMs 5000; was 63 s
  });

  it('with nothing cached, gives up waiting for a lock holder that never delivers: UpstreamTimeoutError', async () => {
    const { standIn, makeApi } = setup();
    // Another process holds the token lock for good and never writes a value.
    let lockHeld = true;
    const inner = memoryStore();
    const store: TokenStore = { get: (key) => inner.get(key), set: (key, value, ttl) => inner.set(key, value, ttl), tryLock: async (key, ttl) => (lockHeld && key.endsWith('access_token') ? null : inner.tryLock(key, ttl)) };
    const api = makeApi({ store, timeoutMs: 20 });
    const error = await api.jsapiTicket().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toMatch(/not refreshed within \d+ ms by the process holding the refresh lock/);
    expect(standIn.counters.total).toBe(0);
    lockHeld = false; // the holder is gone: waiting was no verdict on WeChat, so the next call fetches
    expect(await api.jsapiTicket()).toBe(standIn.currentTickets().jsapi);
  });

  it('uses cgi-bin/token when useStableToken is false', async () => {
    const { standIn, makeApi } = setup();
    const api = makeApi({ useStableToken: false });
    await api.jsapiTicket();
    expect(standIn.counters).toMatchObject({ token: 1, stableToken: 0, jsapiTicket: 1 });
  });

  it('talks to the stand-in over HTTP through apiBase and the global fetch', async () => {
    const { startWeChatApiStandIn } = await import('../../src/simulator/api');
    const running = await startWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
    try {
      const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, apiBase: `${running.url}/` });
      expect(await api.jsapiTicket()).toBe(running.standIn.currentTickets().jsapi);
      expect(await api.decryptCode(encryptedBy(running.standIn, '5566'))).toBe('5566');
    } finally {
      await running.close();
    }
  });

  it('refuses to start without appId or appSecret', () => {
    expect(() => createWeChatApi({ appId: '', appSecret: APP_SECRET })).toThrow(TypeError);
    expect(() => createWeChatApi({ appId: APP_ID, appSecret: '' })).toThrow(/appSecret/);
  });

  it.each([
    ['timeoutMs', { timeoutMs: Number.NaN }, /timeoutMs.*NaN/],
    ['timeoutMs', { timeoutMs: 0 }, /timeoutMs.*above 0/],
    ['timeoutMs', { timeoutMs: Infinity }, /timeoutMs/],
    ['timeoutMs', { timeoutMs: '5000' as unknown as number }, /timeoutMs.*number/],
    ['refreshAheadMs', { refreshAheadMs: Number.NaN }, /refreshAheadMs/],
    ['refreshAheadMs', { refreshAheadMs: -1 }, /refreshAheadMs/],
    ['clockSkewMs', { clockSkewMs: -1 }, /clockSkewMs.*0/],
    ['clockSkewMs', { clockSkewMs: Infinity }, /clockSkewMs/],
    ['clockSkewMs', { clockSkewMs: 5 * MIN }, /clockSkewMs \(300000\) must be below refreshAheadMs \(300000, the default\)/],
    ['clockSkewMs', { refreshAheadMs: MIN }, /clockSkewMs \(120000, the default\) must be below refreshAheadMs \(60000\)/],
  ])('refuses to start with a bad %s: %o', (_name, options, message) => {
    const create = () => createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, ...options });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
  });

  it('starts with in-range timing options', () => {
    expect(() => createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 1, refreshAheadMs: 10 * MIN, clockSkewMs: 0 })).not.toThrow();
    expect(() => createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, refreshAheadMs: 3 * MIN, clockSkewMs: 3 * MIN - 1 })).not.toThrow();
  });
});

describe('createWeChatApi: errcodes', () => {
  it.each([40001, 40014, 42001])('errcode %i: refreshes the token once and retries once', async (errcode) => {
    const { api, standIn } = setup();
    const token = await api.accessToken();
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', errcode });
    expect(await api.jsapiTicket()).toBe(standIn.currentTickets().jsapi);
    // stable_token in normal mode handed back the refused token, so the refresh was forced.
    expect(standIn.counters).toMatchObject({ stableToken: 3, stableTokenForced: 1, jsapiTicket: 2 });
    expect(await api.accessToken()).not.toBe(token);
  });

  it('a token WeChat revoked, which stable_token still hands out: one forced refresh for all callers, then the retries succeed', async () => {
    const { api, standIn } = setup();
    const token = await api.accessToken();
    standIn.revokeToken(token);
    const codes = Array.from({ length: 10 }, (_, i) => String(900_000 + i));
    expect(await Promise.all(codes.map((code) => api.decryptCode(encryptedBy(standIn, code))))).toEqual(codes);
    expect(standIn.counters).toMatchObject({ stableToken: 3, stableTokenForced: 1, decrypt: 20 });
    expect(await api.accessToken()).not.toBe(token);
  });

  it("a token that really expired (WeChat's clock ahead of ours) is replaced in normal mode, not forced", async () => {
    const { standIn, clock, makeApi } = setup();
    let lag = 0;
    const api = makeApi({ clock: () => clock.now() - lag });
    const token = await api.accessToken();
    lag = 10 * MIN; // our clock falls behind WeChat's
    clock.advance(2 * HOUR); // WeChat: expired (42001); our clock: 10 minutes left
    expect(await api.decryptCode(encryptedBy(standIn, '31337'))).toBe('31337');
    expect(standIn.counters).toMatchObject({ stableToken: 2, stableTokenForced: 0, decrypt: 2 });
    expect(await api.accessToken()).not.toBe(token);
  });

  it.each([40001, 40014, 42001])('errcode %i twice: fails with WeChatApiError after one refresh, no loop', async (errcode) => {
    const { api, standIn } = setup();
    standIn.injectFault({ path: 'card/code/decrypt', errcode, times: 2 });
    const error = await api.decryptCode(encryptedBy(standIn, '1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode, path: 'card/code/decrypt' });
    expect(standIn.counters).toMatchObject({ stableToken: 3, stableTokenForced: 1, decrypt: 2 });
  });

  it('WeChat refusing every token (40001 on each decrypt): one forced refresh, not one per request, and no 45009', async () => {
    const { api, standIn, clock } = setup();
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 40001, times: 1_000 });
    const errors = [];
    for (let i = 0; i < 25; i++) {
      errors.push(await api.decryptCode(encryptedBy(standIn, String(100_000 + i))).catch((e: unknown) => e));
      clock.advance(MIN);
    }
    // force_refresh is limited to 20 a day and knocks out the token other servers use: once
    // per FORCED_REFRESH_INTERVAL, the other requests get WeChat's refusal.
    expect(standIn.counters.stableTokenForced).toBe(1);
    for (const error of errors) expect(error).toMatchObject({ name: 'WeChatApiError', errcode: 40001, path: 'card/code/decrypt' });
    // A request costs the call, a normal-mode stable_token and the refusal: no forced refresh.
    const calls = standIn.counters.total;
    await api.decryptCode(encryptedBy(standIn, '1')).catch(() => {});
    expect(standIn.counters.total - calls).toBeLessThanOrEqual(2);

    clock.advance(75 * MIN); // the next forced refresh is allowed again
    await api.decryptCode(encryptedBy(standIn, '2')).catch(() => {});
    expect(standIn.counters.stableTokenForced).toBe(2);
  });

  it('recovers when another server knocked its cgi-bin/token out (real 40001 after the grace period)', async () => {
    const { standIn, clock, makeApi } = setup();
    const api = makeApi({ useStableToken: false });
    const before = await api.accessToken();
    await call(standIn.fetch, 'cgi-bin/token', { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET });
    clock.advance(5 * MIN);
    expect(await api.decryptCode(encryptedBy(standIn, '778899'))).toBe('778899');
    expect(await api.accessToken()).not.toBe(before);
    expect(standIn.counters).toMatchObject({ token: 3, decrypt: 2 });
  });

  it('errcode -1: retries with backoff, bounded by busyRetries', async () => {
    const { api, standIn } = setup();
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', errcode: -1, times: 2 });
    expect(await api.jsapiTicket()).toBe(standIn.currentTickets().jsapi);
    expect(standIn.counters.jsapiTicket).toBe(3);

    standIn.injectFault({ path: 'card/code/decrypt', errcode: -1, times: 10 });
    await expect(api.decryptCode(encryptedBy(standIn, '1'))).rejects.toMatchObject({ name: 'WeChatApiError', errcode: -1 });
    expect(standIn.counters.decrypt).toBe(3);
  });

  it('errcode -1 on consume: not retried, so a redemption is never hidden behind "already consumed"', async () => {
    const { api, standIn } = setup();
    standIn.injectFault({ path: 'card/code/consume', errcode: -1 });
    await expect(api.consumeCode({ code: '123' })).rejects.toMatchObject({ errcode: -1 });
    expect(standIn.counters.consume).toBe(1);
  });

  it('errcode 45009 (daily quota): a typed error, one call, no loop; works again the next day', async () => {
    const { standIn, clock, makeApi } = setup({ standIn: { dailyTokenQuota: 1 } });
    await makeApi().accessToken();
    const api = makeApi();
    const error = await api.jsapiTicket().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
    expect((error as Error).message).toMatch(/quota.*redisStore/);
    expect(standIn.counters).toMatchObject({ stableToken: 2, jsapiTicket: 0 });
    clock.advance(24 * HOUR);
    expect(await api.jsapiTicket()).toBeTruthy();
  });

  it('errcode 40125 (wrong secret) and 40013 (wrong appId): typed errors that do not quote the secret', async () => {
    const { standIn, makeApi } = setup();
    const wrongSecret = 'ffffeeeeddddccccbbbbaaaa99998888';
    const error = await makeApi({ appSecret: wrongSecret }).accessToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WeChatApiError', errcode: 40125, path: 'cgi-bin/stable_token' });
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(wrongSecret);
    await expect(makeApi({ appId: 'wxunknown' }).accessToken()).rejects.toMatchObject({ errcode: 40013 });
    expect(standIn.counters.stableToken).toBe(2);
  });

  it('any other errcode: a typed WeChatApiError, and the secret is redacted from errmsg', async () => {
    const { api, standIn } = setup();
    standIn.injectFault({ path: 'cgi-bin/stable_token', errcode: 40164, errmsg: `invalid ip 1.2.3.4, secret ${APP_SECRET} rid: 1` });
    const error = (await api.accessToken().catch((e: unknown) => e)) as WeChatApiError;
    expect(error).toMatchObject({ errcode: 40164, errmsg: 'invalid ip 1.2.3.4, secret [redacted] rid: 1' });
    expect(error.message).toMatch(/whitelist/);
    expect(error.message).not.toContain(APP_SECRET);
  });

  it('a slow answer: UpstreamTimeoutError after timeoutMs, remembered for 30 s', async () => {
    const { standIn, clock, makeApi } = setup();
    const api = makeApi({ timeoutMs: 20 });
    standIn.injectFault({ path: 'cgi-bin/stable_token', delayMs: 5_000 });
    const error = await api.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error).toMatchObject({ path: 'cgi-bin/stable_token', timeoutMs: 20 });
    await expect(api.accessToken()).rejects.toBe(error); // no second wait for a slow WeChat
    expect(standIn.counters.stableToken).toBe(1);
    clock.advance(30_000);
    expect(await api.accessToken()).toBeTruthy();
    expect(standIn.counters.stableToken).toBe(2);
  });

  it.each([45009, 40164, 40125, 40013])('errcode %i on a cold cache is remembered for 30 s: 20 requests, one upstream call', async (errcode) => {
    const { standIn, clock, api } = setup();
    standIn.injectFault({ path: 'cgi-bin/stable_token', errcode, times: 100 });
    for (let i = 0; i < 10; i++) await expect(api.jsapiTicket()).rejects.toMatchObject({ name: 'WeChatApiError', errcode });
    const concurrent = await Promise.allSettled(Array.from({ length: 10 }, () => api.cardApiTicket()));
    expect(concurrent.every((result) => result.status === 'rejected' && (result.reason as WeChatApiError).errcode === errcode)).toBe(true);
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 0, cardTicket: 0 });
    clock.advance(30_000 - 1);
    await expect(api.accessToken()).rejects.toMatchObject({ errcode });
    expect(standIn.counters.stableToken).toBe(1);
    clock.advance(1); // the window is over: one more try
    await expect(api.accessToken()).rejects.toMatchObject({ errcode });
    expect(standIn.counters.stableToken).toBe(2);
  });

  it('errcode -1 and the refused-token errcodes keep their own rules: not remembered', async () => {
    const { standIn, api } = setup();
    standIn.injectFault({ path: 'cgi-bin/stable_token', errcode: -1, times: 3 });
    await expect(api.accessToken()).rejects.toMatchObject({ errcode: -1 });
    expect(standIn.counters.stableToken).toBe(3); // busy: retried twice
    expect(await api.accessToken()).toBeTruthy(); // and asked again on the next request
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', errcode: 40001, times: 2 });
    await expect(api.jsapiTicket()).rejects.toMatchObject({ errcode: 40001 });
    expect(await api.jsapiTicket()).toBeTruthy();
  });

  it('an answer that is not WeChat JSON, or no answer: UpstreamHttpError without the URL', async () => {
    const html = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, useStableToken: false, fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }) });
    await expect(html.accessToken()).rejects.toMatchObject({ name: 'UpstreamHttpError', status: 502 });
    const notJson = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: async () => new Response('<html>') });
    await expect(notJson.accessToken()).rejects.toBeInstanceOf(UpstreamHttpError);
    const refused = createWeChatApi({
      appId: APP_ID,
      appSecret: APP_SECRET,
      useStableToken: false,
      fetch: async (url) => {
        throw Object.assign(new TypeError(`fetch failed for ${url}`), { cause: { code: 'ECONNREFUSED' } });
      },
    });
    const error = (await refused.accessToken().catch((e: unknown) => e)) as UpstreamHttpError;
    expect(error).toMatchObject({ status: 0, message: expect.stringContaining('ECONNREFUSED') });
    expect(`${error.message}${error.stack}${String(error.cause)}`).not.toContain(APP_SECRET);
    const empty = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: async () => Response.json({ expires_in: 7200 }) });
    await expect(empty.accessToken()).rejects.toThrow(/lacks access_token/);
  });

  it('a refresh that fails while the cached value still works serves the cached value, then pauses', async () => {
    const warn = vi.fn();
    const { standIn, clock, makeApi } = setup();
    const api = makeApi({ logger: { warn } });
    const first = await api.jsapiTicket();
    clock.advance(2 * HOUR - 4 * MIN); // inside the refresh window, still valid
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', errcode: 45009, times: 100 });
    expect(await api.jsapiTicket()).toBe(first);
    await api.idle();
    expect(await api.jsapiTicket()).toBe(first);
    await api.idle();
    expect(standIn.counters.jsapiTicket).toBe(2); // one failed refresh; the second read is paused
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('serving the cached value'), expect.objectContaining({ name: `${APP_ID}:jsapi_ticket` }));
    clock.advance(30_000);
    expect(await api.jsapiTicket()).toBe(first); // the pause is over: one more try
    await api.idle();
    expect(standIn.counters.jsapiTicket).toBe(3);
    clock.advance(4 * MIN);
    await expect(api.jsapiTicket()).rejects.toMatchObject({ errcode: 45009 });
  });
});

describe('createWeChatApi: codes', () => {
  it('decrypts the codes the simulator hands out', async () => {
    const { api, standIn } = setup();
    expect(await api.decryptCode(encryptedBy(standIn, '998877665544'))).toBe('998877665544');
    await expect(api.decryptCode('bm90IGEgY29kZQ==')).rejects.toMatchObject({ errcode: 40056 });
    await expect(api.decryptCode('')).rejects.toThrow(TypeError);
    expect(standIn.counters).toMatchObject({ stableToken: 1, decrypt: 2 });
  });

  it('consumes a code once; the second time is errcode 40099', async () => {
    const { api, standIn } = setup();
    await expect(api.consumeCode({ code: '123456', cardId: 'pCard' })).rejects.toMatchObject({ errcode: 40073 }); // no such card yet
    standIn.issueCode({ code: '123456', cardId: 'pCard' });
    await expect(api.consumeCode({ code: '654321' })).rejects.toMatchObject({ errcode: 40056 }); // never issued
    expect(await api.consumeCode({ code: '123456', cardId: 'pCard' })).toEqual({ code: '123456', cardId: 'pCard', openid: expect.stringMatching(/^o/) });
    await expect(api.consumeCode({ code: '123456' })).rejects.toMatchObject({ name: 'WeChatApiError', errcode: 40099 });
  });
});
