import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSimulatedCode } from '../../../src/simulator/codes';
import { createWeChatApiStandIn, startWeChatApiStandIn, type RunningStandIn } from '../../../src/simulator/api';
import { APP_ID, APP_SECRET, HOUR, call, setup } from '../../server/fixtures';

const credentials = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET };
const token = (fetchImpl: Parameters<typeof call>[0]) => call(fetchImpl, 'cgi-bin/token', credentials);
const stable = (fetchImpl: Parameters<typeof call>[0], force = false) => call(fetchImpl, 'cgi-bin/stable_token', {}, { ...credentials, force_refresh: force });
const ticket = (fetchImpl: Parameters<typeof call>[0], accessToken: string, type = 'jsapi') => call(fetchImpl, 'cgi-bin/ticket/getticket', { access_token: accessToken, type });

describe('WeChat API stand-in: tokens', () => {
  it('issues 7200 s tokens; a new cgi-bin/token knocks the old one out after the grace period', async () => {
    const { standIn, clock } = setup();
    const first = await token(standIn.fetch);
    expect(first).toMatchObject({ expires_in: 7200 });
    expect(first.access_token).toMatch(/^\S{60,}$/);
    expect(await ticket(standIn.fetch, first.access_token)).toMatchObject({ errcode: 0, expires_in: 7200 });

    const second = await token(standIn.fetch);
    expect(second.access_token).not.toBe(first.access_token);
    clock.advance(5 * 60_000 - 1);
    expect((await ticket(standIn.fetch, first.access_token)).errcode).toBe(0);
    clock.advance(1);
    expect(await ticket(standIn.fetch, first.access_token)).toMatchObject({ errcode: 40001 });
    expect((await ticket(standIn.fetch, second.access_token)).errcode).toBe(0);
    expect(standIn.counters).toMatchObject({ token: 2, jsapiTicket: 4 });
  });

  it('expires tokens after 7200 s with 42001, and answers 41001 / 40001 for missing and unknown tokens', async () => {
    const { standIn, clock } = setup();
    const { access_token } = await token(standIn.fetch);
    clock.advance(2 * HOUR);
    await token(standIn.fetch); // issuing a newer token does not turn "expired" into "unknown"
    expect(await ticket(standIn.fetch, access_token)).toMatchObject({ errcode: 42001 });
    expect(await call(standIn.fetch, 'cgi-bin/ticket/getticket', { type: 'jsapi' })).toMatchObject({ errcode: 41001 });
    expect(await ticket(standIn.fetch, 'nope')).toMatchObject({ errcode: 40001, errmsg: expect.stringContaining('invalid credential') });
  });

  it('stable_token returns the same token until 5 minutes before expiry; force_refresh revokes it at once', async () => {
    const { standIn, clock } = setup();
    const first = await stable(standIn.fetch);
    clock.advance(HOUR);
    const again = await stable(standIn.fetch);
    expect(again).toEqual({ access_token: first.access_token, expires_in: 3600 });
    clock.advance(HOUR - 5 * 60_000);
    const renewed = await stable(standIn.fetch);
    expect(renewed).toMatchObject({ expires_in: 7200 });
    expect(renewed.access_token).not.toBe(first.access_token);
    expect((await ticket(standIn.fetch, first.access_token)).errcode).toBe(0); // still inside its lifetime

    const forced = await stable(standIn.fetch, true);
    expect(forced.access_token).not.toBe(renewed.access_token);
    expect((await ticket(standIn.fetch, renewed.access_token)).errcode).toBe(40001);
  });

  it('revokeToken: WeChat refuses the token (40001) while normal stable_token keeps handing it out; force_refresh replaces it', async () => {
    const { standIn } = setup();
    const first = (await stable(standIn.fetch)).access_token;
    standIn.revokeToken(first);
    expect(await ticket(standIn.fetch, first)).toMatchObject({ errcode: 40001 });
    expect((await stable(standIn.fetch)).access_token).toBe(first);
    const forced = (await stable(standIn.fetch, true)).access_token;
    expect(forced).not.toBe(first);
    expect((await ticket(standIn.fetch, forced)).errcode).toBe(0);
    expect((await stable(standIn.fetch)).access_token).toBe(forced);
    expect(standIn.counters).toMatchObject({ stableToken: 4, stableTokenForced: 1 });
    expect(() => standIn.revokeToken('never-issued')).toThrow(/never issued/);
  });

  it('force_refresh: at most one new token per 30 s, and 20 a day before 45009', async () => {
    const { standIn, clock } = setup();
    const first = (await stable(standIn.fetch, true)).access_token;
    expect((await stable(standIn.fetch, true)).access_token).toBe(first); // within 30 s: not refreshed
    clock.advance(30_000);
    expect((await stable(standIn.fetch, true)).access_token).not.toBe(first);
    for (let i = 3; i < 20; i++) expect((await stable(standIn.fetch, true)).access_token).toBeTruthy();
    expect(await stable(standIn.fetch, true)).toEqual({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
    expect((await stable(standIn.fetch)).access_token).toBeTruthy(); // normal mode is not limited by it
    clock.advance(24 * HOUR);
    expect((await stable(standIn.fetch, true)).access_token).toBeTruthy();
    expect(standIn.counters.stableTokenForced).toBe(22);
  });

  it('does not let a cgi-bin/token call knock out the stable token', async () => {
    const { standIn, clock } = setup();
    const stableToken = (await stable(standIn.fetch)).access_token;
    await token(standIn.fetch);
    await token(standIn.fetch);
    clock.advance(10 * 60_000);
    expect((await ticket(standIn.fetch, stableToken)).errcode).toBe(0);
  });

  it('answers 40125 to a wrong secret, 40013 to an unknown appid, 40002 to a wrong grant_type', async () => {
    const { standIn } = setup();
    expect(await call(standIn.fetch, 'cgi-bin/token', { ...credentials, secret: 'f'.repeat(32) })).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
    expect(await call(standIn.fetch, 'cgi-bin/stable_token', {}, { ...credentials, secret: 'x' })).toMatchObject({ errcode: 40125 });
    expect(await call(standIn.fetch, 'cgi-bin/token', { ...credentials, appid: 'wxother' })).toMatchObject({ errcode: 40013 });
    expect(await call(standIn.fetch, 'cgi-bin/token', { ...credentials, grant_type: 'password' })).toMatchObject({ errcode: 40002 });
  });

  it('enforces a daily token quota with 45009 and resets it the next day', async () => {
    const { standIn, clock } = setup({ standIn: { dailyTokenQuota: 3 } });
    for (let i = 0; i < 3; i++) expect((await token(standIn.fetch)).access_token).toBeTruthy();
    expect(await stable(standIn.fetch)).toEqual({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
    clock.advance(24 * HOUR);
    expect((await stable(standIn.fetch)).access_token).toBeTruthy();
  });

  it('enforces a daily ticket quota', async () => {
    const { standIn } = setup({ standIn: { dailyTicketQuota: 1 } });
    const { access_token } = await stable(standIn.fetch);
    expect((await ticket(standIn.fetch, access_token)).errcode).toBe(0);
    expect((await ticket(standIn.fetch, access_token, 'wx_card')).errcode).toBe(45009);
  });

  it('keeps apps apart', async () => {
    const standIn = createWeChatApiStandIn({ apps: [{ appId: 'wxA', appSecret: 'secretA' }, { appId: 'wxB', appSecret: 'secretB' }] });
    const a = await call(standIn.fetch, 'cgi-bin/token', { grant_type: 'client_credential', appid: 'wxA', secret: 'secretA' });
    expect(await call(standIn.fetch, 'cgi-bin/token', { grant_type: 'client_credential', appid: 'wxB', secret: 'secretA' })).toMatchObject({ errcode: 40125 });
    expect((await ticket(standIn.fetch, a.access_token)).ticket).toBe(standIn.currentTickets('wxA').jsapi);
    expect(standIn.currentTickets('wxA').jsapi).not.toBe(standIn.currentTickets('wxB').jsapi);
    expect(() => standIn.currentTickets('wxC')).toThrow(/does not know appId/);
  });

  it('refuses to start without an app', () => {
    expect(() => createWeChatApiStandIn({})).toThrow(TypeError);
  });
});

describe('WeChat API stand-in: tickets', () => {
  it('hands out deterministic tickets per app that rotate 5 minutes before expiry, the old one overlapping', async () => {
    const a = setup();
    const b = setup();
    const { access_token } = await stable(a.standIn.fetch);
    const jsapi = await ticket(a.standIn.fetch, access_token);
    const card = await ticket(a.standIn.fetch, access_token, 'wx_card');
    expect(jsapi).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(jsapi.ticket).toHaveLength(86);
    expect(card.ticket).not.toBe(jsapi.ticket);
    expect(b.standIn.currentTickets()).toEqual({ jsapi: jsapi.ticket, wx_card: card.ticket });
    expect(a.standIn.currentTickets()).toEqual({ jsapi: jsapi.ticket, wx_card: card.ticket });

    a.clock.advance(HOUR);
    expect(await ticket(a.standIn.fetch, access_token)).toMatchObject({ ticket: jsapi.ticket, expires_in: 3600 });
    a.clock.advance(HOUR - 5 * 60_000);
    const fresh = await stable(a.standIn.fetch);
    const next = await ticket(a.standIn.fetch, fresh.access_token);
    expect(next).toMatchObject({ expires_in: 7200 });
    expect(next.ticket).not.toBe(jsapi.ticket);
    expect(a.standIn.isTicketValid(APP_ID, 'jsapi', jsapi.ticket)).toBe(true);
    expect(a.standIn.isTicketValid(APP_ID, 'jsapi', next.ticket)).toBe(true);
    a.clock.advance(5 * 60_000);
    expect(a.standIn.isTicketValid(APP_ID, 'jsapi', jsapi.ticket)).toBe(false);
    expect(a.standIn.currentTickets().jsapi).toBe(next.ticket);
  });

  it('answers 40097 to an unknown ticket type', async () => {
    const { standIn } = setup();
    const { access_token } = await stable(standIn.fetch);
    expect(await ticket(standIn.fetch, access_token, 'oauth')).toMatchObject({ errcode: 40097 });
  });
});

describe('WeChat API stand-in: codes', () => {
  it('decrypts the encrypt_codes it issued, and refuses others with 40056: made-up ones, the browser-only simulator\'s, another stand-in\'s', async () => {
    const { standIn } = setup();
    const other = setup().standIn;
    const { access_token } = await stable(standIn.fetch);
    const encrypt_code = standIn.issueCode({ code: '834719028374' }).encryptCode;
    expect(encrypt_code).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token }, { encrypt_code: encryptSimulatedCode('834719028374') })).toMatchObject({ errcode: 40056 });
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token }, { encrypt_code: other.issueCode({ code: '834719028374' }).encryptCode })).toMatchObject({ errcode: 40056 });
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token }, { encrypt_code })).toEqual({ errcode: 0, errmsg: 'ok', code: '834719028374' });
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token }, { encrypt_code: 'bm90IGEgY29kZQ==' })).toMatchObject({ errcode: 40056 });
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token: 'bad' }, { encrypt_code })).toMatchObject({ errcode: 40001 });
  });

  it('consumes a code once; the second consume answers 40099', async () => {
    const { standIn } = setup();
    const { access_token } = await stable(standIn.fetch);
    expect(await call(standIn.fetch, 'card/code/consume', { access_token }, { code: '111122223333' })).toMatchObject({ errcode: 40056 }); // never issued
    const { openid } = standIn.issueCode({ code: '111122223333', cardId: 'pCard-1' });
    const first = await call(standIn.fetch, 'card/code/consume', { access_token }, { code: '111122223333', card_id: 'pCard-1' });
    expect(first).toMatchObject({ errcode: 0, card: { card_id: 'pCard-1' }, openid });
    expect(openid).toMatch(/^o[\w-]{27}$/);
    expect(await call(standIn.fetch, 'card/code/consume', { access_token }, { code: '111122223333' })).toMatchObject({ errcode: 40099 });
    expect(await call(standIn.fetch, 'card/code/consume', { access_token }, { code: 'no spaces allowed' })).toMatchObject({ errcode: 40056 });
    expect(standIn.counters.consume).toBe(4);
  });

  it('answers 43002 to a GET on a POST API and 47001 to malformed JSON', async () => {
    const { standIn } = setup();
    const { access_token } = await stable(standIn.fetch);
    expect(await call(standIn.fetch, 'card/code/decrypt', { access_token })).toMatchObject({ errcode: 43002 });
    const response = await standIn.fetch(`https://api.weixin.qq.com/card/code/decrypt?access_token=${access_token}`, { method: 'POST', body: '{"encrypt_code":' });
    expect(await response.json()).toMatchObject({ errcode: 47001 });
    expect((await standIn.fetch('https://api.weixin.qq.com/cgi-bin/nothing')).status).toBe(404);
  });
});

describe('WeChat API stand-in: faults, counters, reset', () => {
  it('plays scripted errcodes for the matching path only, the given number of times', async () => {
    const { standIn } = setup();
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', errcode: -1, times: 2 });
    const { access_token } = await stable(standIn.fetch);
    expect(await ticket(standIn.fetch, access_token)).toEqual({ errcode: -1, errmsg: 'system error' });
    expect(await ticket(standIn.fetch, access_token)).toMatchObject({ errcode: -1 });
    expect((await ticket(standIn.fetch, access_token)).errcode).toBe(0);
  });

  it('delays answers and abandons them when the caller aborts', async () => {
    const { standIn } = setup();
    standIn.injectFault({ delayMs: 10_000 });
    const controller = new AbortController();
    const pending = standIn.fetch('https://api.weixin.qq.com/cgi-bin/token', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('forgets everything on reset()', async () => {
    const { standIn } = setup({ standIn: { dailyTokenQuota: 1 } });
    await token(standIn.fetch);
    expect(standIn.counters.token).toBe(1);
    standIn.reset();
    expect(Object.values(standIn.counters).every((count) => count === 0)).toBe(true);
    expect(Object.keys(standIn.counters)).toEqual(expect.arrayContaining(['token', 'stableToken', 'stableTokenForced', 'jsapiTicket', 'cardTicket', 'decrypt', 'consume', 'total']));
    expect((await token(standIn.fetch)).access_token).toBeTruthy();
  });
});

describe('startWeChatApiStandIn', () => {
  let running: RunningStandIn;
  beforeAll(async () => {
    running = await startWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  });
  afterAll(() => running.close());

  it('serves the same API over HTTP on a free loopback port', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const fetchHttp = (input: string, init?: RequestInit) => fetch(input.replace('https://api.weixin.qq.com', running.url), init);
    const { access_token } = await stable(fetchHttp);
    expect((await ticket(fetchHttp, access_token)).ticket).toBe(running.standIn.currentTickets().jsapi);
    const decrypted = await call(fetchHttp, 'card/code/decrypt', { access_token }, { encrypt_code: running.standIn.issueCode({ code: '42' }).encryptCode });
    expect(decrypted.code).toBe('42');
    expect(running.standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1, decrypt: 1 });
  });

  it('answers 47001 to a chunked body over 64 KB and keeps serving (no crash on the body\'s late end)', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    // One keep-alive socket: the server reads the second request only after the first body's
    // end, which is where the unfixed stream threw.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (path: string, chunks: string[]) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = httpRequest(`${running.url}/${path}`, { method: 'POST', agent }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text)));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk); // no content-length: chunked
        req.end();
      });
    try {
      expect(await post('card/code/decrypt?access_token=x', Array.from({ length: 80 }, () => 'x'.repeat(1024)))).toMatchObject({ errcode: 47001 });
      expect(await post('cgi-bin/stable_token', [JSON.stringify(credentials)])).toMatchObject({ access_token: expect.any(String) });
      expect(uncaught).toEqual([]);
    } finally {
      agent.destroy();
      process.off('uncaughtException', record);
    }
  });
});
