import { describe, expect, it, vi } from 'vitest';
import { createCouponHandler, memoryStore, signCardExt, signChooseCard, signJsapi, type CouponHandlerOptions, type TokenStore } from '../../src/server';
import { APP_ID, APP_SECRET, HOUR, setup, encryptedBy } from './fixtures';
import { encryptSimulatedCode } from '../../src/simulator/codes';
import { CONTRACT_CODES } from './contractCodes';
import { groupon } from './cardSamples';

const PAGE = 'https://m.example.com/shop/coupon?from=menu&x=%E4%B8%AD';
const ORIGIN = 'http://localhost';

function world(options: Partial<CouponHandlerOptions> = {}, setupOptions: Parameters<typeof setup>[0] = {}) {
  const base = setup(setupOptions);
  const handler = createCouponHandler({ api: base.api, appId: APP_ID, allowedUrls: ['https://m.example.com'], ...options });
  const get = (path: string, init: RequestInit = {}) => handler(new Request(`${ORIGIN}${path}`, init));
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    handler(
      new Request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return { ...base, handler, get, post };
}

async function json(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = (await response.json()) as Record<string, any>;
  if (response.status >= 400) {
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['error', 'message']));
    expect(CONTRACT_CODES, 'every error answer carries a code of src/contract.ts').toContain(body.error);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |stack/);
  }
  return { status: response.status, body, headers: response.headers };
}

const signatureOf = (url: string) => `/api/wx/signature?url=${encodeURIComponent(url)}`;

describe('GET /api/wx/signature', () => {
  it('signs an allowed page with the jsapi_ticket and says until when the signature may be reused', async () => {
    const { get, standIn, clock } = world();
    const { status, body } = await json(await get(signatureOf(PAGE)));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['appId', 'expiresAt', 'nonceStr', 'signature', 'timestamp']);
    expect(body).toMatchObject({ appId: APP_ID, timestamp: Math.floor(clock.now() / 1000), nonceStr: expect.stringMatching(/^[A-Za-z0-9]{16}$/) });
    expect(body.signature).toBe(await signJsapi({ ticket: standIn.currentTickets().jsapi, nonceStr: body.nonceStr, timestamp: body.timestamp, url: PAGE }));
    // WeChat's expiry, less clockSkewMs (2 min) and signatureMarginMs (2 min)
    expect(body.expiresAt).toBe(clock.now() + 2 * HOUR - 4 * 60_000);
  });

  it('signs the URL exactly as decoded from the query, without #…', async () => {
    const { get, standIn } = world();
    const url = 'https://m.example.com/a?q=a+b&p=%2F&u=中';
    const { body } = await json(await get(signatureOf(`${url}#/route?x=1`)));
    expect(body.signature).toBe(await signJsapi({ ticket: standIn.currentTickets().jsapi, nonceStr: body.nonceStr, timestamp: body.timestamp, url }));
  });

  it('gives fresh nonces and uses one ticket fetch for many signatures', async () => {
    const { get, standIn } = world();
    const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await json(await get(signatureOf(PAGE)))).body));
    expect(new Set(bodies.map((b) => b.nonceStr)).size).toBe(20);
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1 });
  });

  it.each([
    ['https://evil.example.com/', 403, 'url_not_allowed'],
    ['http://m.example.com/', 403, 'url_not_allowed'],
    ['https://m.example.com:8443/', 403, 'url_not_allowed'],
    ['https://m.example.com.evil.com/', 403, 'url_not_allowed'],
    ['https://m.example.com@evil.com/', 403, 'url_not_allowed'],
    ['/shop/coupon', 400, 'invalid_url'],
    ['m.example.com/shop', 400, 'invalid_url'],
    ['javascript:alert(1)//https://m.example.com', 400, 'invalid_url'],
    [`https://m.example.com/${'a'.repeat(5000)}`, 400, 'invalid_url'],
  ])('refuses %s with %i %s: no signing oracle', async (url, status, error) => {
    const { get, standIn } = world();
    expect(await json(await get(signatureOf(url)))).toMatchObject({ status, body: { error } });
    expect(standIn.counters.total).toBe(0);
  });

  it('refuses a missing url with 400', async () => {
    const { get } = world();
    expect(await json(await get('/api/wx/signature'))).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect(await json(await get('/api/wx/signature?url='))).toMatchObject({ status: 400 });
  });

  it('accepts a predicate for allowedUrls', async () => {
    const allowedUrls = vi.fn((url: URL) => url.hostname.endsWith('.shop.example') && url.protocol === 'https:');
    const { get } = world({ allowedUrls });
    expect((await get(signatureOf('https://a.shop.example/x'))).status).toBe(200);
    expect((await get(signatureOf('https://shop.example.evil/x'))).status).toBe(403);
    expect(allowedUrls.mock.calls[0]![0]).toBeInstanceOf(URL);
  });

  it('checks allowedUrls at start-up', () => {
    const api = setup().api;
    expect(() => createCouponHandler({ api, appId: APP_ID, allowedUrls: [] })).toThrow(/allowedUrls/);
    expect(() => createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com/shop'] })).toThrow(/origins like/);
    expect(() => createCouponHandler({ api, appId: APP_ID, allowedUrls: ['m.example.com'] })).toThrow(/origins like/);
    expect(() => createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com/'] })).not.toThrow();
    expect(() => createCouponHandler({ api, appId: '', allowedUrls: ['https://m.example.com'] })).toThrow(/appId/);
  });
});

describe('POST /api/wx/card-ext', () => {
  it('signs a card_ext with the card api_ticket, openid and code from the session hook, fresh every call', async () => {
    const cardExt = vi.fn(async () => ({ openid: 'oUser_123', code: '000111222' }));
    const { post, standIn, clock } = world({ cardExt });
    const { status, body } = await json(await post('/api/wx/card-ext', { cardId: 'pCard-1', openid: 'oSomeoneElse' }));
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['cardExt']);
    const ext = JSON.parse(body.cardExt);
    expect(Object.keys(ext).sort()).toEqual(['code', 'nonce_str', 'openid', 'signature', 'timestamp']);
    expect(ext).toMatchObject({ openid: 'oUser_123', code: '000111222', timestamp: String(Math.floor(clock.now() / 1000)) });
    expect(ext.signature).toBe(
      await signCardExt({ apiTicket: standIn.currentTickets().wx_card, cardId: 'pCard-1', timestamp: ext.timestamp, nonceStr: ext.nonce_str, openid: 'oUser_123', code: '000111222' }),
    );
    expect(cardExt).toHaveBeenCalledWith(expect.any(Request), 'pCard-1');

    const again = JSON.parse((await json(await post('/api/wx/card-ext', { cardId: 'pCard-1' }))).body.cardExt);
    expect(again.nonce_str).not.toBe(ext.nonce_str);
  });

  it('never takes an openid from the body; takes outerStr from the body unless the hook gives one', async () => {
    const plain = world();
    const ext = JSON.parse((await json(await plain.post('/api/wx/card-ext', { cardId: 'pA', openid: 'oAttacker', outerStr: 'poster-7' }))).body.cardExt);
    expect(Object.keys(ext).sort()).toEqual(['nonce_str', 'outer_str', 'signature', 'timestamp']);
    expect(ext.outer_str).toBe('poster-7');
    expect(ext.signature).toBe(await signCardExt({ apiTicket: plain.standIn.currentTickets().wx_card, cardId: 'pA', timestamp: ext.timestamp, nonceStr: ext.nonce_str }));

    const hooked = world({ cardExt: () => ({ outerStr: 'from-session' }) });
    const hookedExt = JSON.parse((await json(await hooked.post('/api/wx/card-ext', { cardId: 'pA', outerStr: 'poster-7' }))).body.cardExt);
    expect(hookedExt.outer_str).toBe('from-session');
  });

  it.each([[{}], [{ cardId: '' }], [{ cardId: 42 }], [{ cardId: 'p A' }], [{ cardId: 'p'.repeat(65) }], [{ cardId: '../x' }]])('refuses a bad card_id %j with 400 invalid_card_id', async (body) => {
    const { post, standIn } = world();
    expect(await json(await post('/api/wx/card-ext', body))).toMatchObject({ status: 400, body: { error: 'invalid_card_id' } });
    expect(standIn.counters.total).toBe(0);
  });

  it('refuses an oversized outerStr with 400', async () => {
    const { post } = world();
    expect(await json(await post('/api/wx/card-ext', { cardId: 'pA', outerStr: 'x'.repeat(129) }))).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('hands card_ext out only for allowedCardIds (a list or a predicate over the request): 403 card_not_allowed, no ticket read', async () => {
    const listed = world({ allowedCardIds: ['pPublic'] });
    expect((await json(await listed.post('/api/wx/card-ext', { cardId: 'pPublic' }))).status).toBe(200);
    const refused = world({ allowedCardIds: ['pPublic'] });
    expect(await json(await refused.post('/api/wx/card-ext', { cardId: 'pStaffOnly' }))).toMatchObject({ status: 403, body: { error: 'card_not_allowed' } });
    expect(refused.standIn.counters.total).toBe(0);

    const bySession = world({ allowedCardIds: async (cardId, request) => cardId !== 'pStaffOnly' || request.headers.get('x-staff') === 'yes' });
    expect((await json(await bySession.post('/api/wx/card-ext', { cardId: 'pStaffOnly' }))).status).toBe(403);
    expect((await json(await bySession.post('/api/wx/card-ext', { cardId: 'pStaffOnly' }, { 'x-staff': 'yes' }))).status).toBe(200);
  });

  it('answers 500 without details when the session hook misbehaves', async () => {
    const error = vi.fn();
    const { post } = world({ cardExt: () => ({ openid: 'not an openid!' }), logger: { error } });
    const { status, body } = await json(await post('/api/wx/card-ext', { cardId: 'pA' }));
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'internal_error', message: expect.any(String) });
    expect(error).toHaveBeenCalledWith(expect.any(String), { error: expect.stringMatching(/cardExt hook.*openid/) });
  });
});

describe('a hook that throws (docs/server.md: 500 internal_error)', () => {
  const boom = () => {
    throw new Error('hook detail');
  };
  it.each([
    ['allowedCardIds', { allowedCardIds: boom }, '/api/wx/card-ext', { cardId: 'pA' }],
    ['cardExt', { cardExt: async () => boom() }, '/api/wx/card-ext', { cardId: 'pA' }],
    ['authorizeConsume', { authorizeConsume: boom }, '/api/wx/consume', { code: '123456' }],
    ['authorizeDecrypt', { authorizeDecrypt: async () => boom() }, '/api/wx/decrypt', { encryptCode: 'bm90IGEgY29kZQ==' }],
  ] as const)('%s: 500 internal_error, the detail only in logger.error', async (_name, hooks, path, body) => {
    const error = vi.fn();
    const { post } = world({ ...(hooks as Partial<CouponHandlerOptions>), logger: { error } });
    const answer = await json(await post(path, body));
    expect(answer).toMatchObject({ status: 500, body: { error: 'internal_error', message: expect.not.stringContaining('hook detail') } });
    expect(error).toHaveBeenCalledWith(expect.any(String), { error: 'hook detail' });
  });
});

describe('POST /api/wx/card-sign', () => {
  it('signs chooseCard with the card api_ticket and the appId', async () => {
    const { post, standIn } = world();
    const { status, body } = await json(await post('/api/wx/card-sign', { shopId: 123, cardType: 'GROUPON', cardId: 'pCard' }));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['cardSign', 'nonceStr', 'signType', 'timestamp']);
    expect(body.signType).toBe('SHA1');
    expect(body.cardSign).toBe(
      await signChooseCard({ apiTicket: standIn.currentTickets().wx_card, appId: APP_ID, timestamp: body.timestamp, nonceStr: body.nonceStr, shopId: 123, cardType: 'GROUPON', cardId: 'pCard' }),
    );
    const empty = (await json(await post('/api/wx/card-sign', {}))).body;
    expect(empty.cardSign).toBe(await signChooseCard({ apiTicket: standIn.currentTickets().wx_card, appId: APP_ID, timestamp: empty.timestamp, nonceStr: empty.nonceStr }));
  });

  it.each([
    [{ shopId: 'abc' }, 'bad_request'],
    [{ shopId: 1.5 }, 'bad_request'],
    [{ shopId: { $gt: 1 } }, 'bad_request'],
    [{ shopId: { toString: 1 } }, 'bad_request'], // String() of it throws: was a 500
    [{ shopId: [123] }, 'bad_request'], // String([123]) is "123": was signed as shop 123
    [{ cardType: 'groupon; drop' }, 'bad_request'],
    [{ cardType: 7 }, 'bad_request'],
    [{ cardId: 'p/../x' }, 'invalid_card_id'],
  ])('refuses %j with 400 %s', async (body, error) => {
    const { post } = world();
    expect(await json(await post('/api/wx/card-sign', body))).toMatchObject({ status: 400, body: { error } });
  });
});

describe('POST /api/wx/decrypt', () => {
  it('decrypts the encrypt_code of a simulator card, also when URL decoding turned "+" into a space', async () => {
    const { post, standIn } = world();
    expect(await json(await post('/api/wx/decrypt', { encryptCode: encryptedBy(standIn, '123456789012') }))).toEqual(
      expect.objectContaining({ status: 200, body: { code: '123456789012' } }),
    );
    // encrypt_codes are random per issue: issue codes until one has a "+" to lose.
    let code = '';
    let encrypted = '';
    for (let i = 0; !encrypted.includes('+'); i++) encrypted = encryptedBy(standIn, (code = `codeab${i}`));
    const spaced = encrypted.replace(/\+/g, ' ');
    expect((await json(await post('/api/wx/decrypt', { encryptCode: spaced }))).body).toEqual({ code });
  });

  it('answers 400 invalid_code for a code WeChat does not know, 400 invalid_encrypt_code for garbage', async () => {
    const { post } = world();
    expect(await json(await post('/api/wx/decrypt', { encryptCode: 'bm90IGEgY29kZQ==' }))).toMatchObject({ status: 400, body: { error: 'invalid_code', errcode: 40056 } });
    for (const encryptCode of [undefined, '', 42, '<script>', 'a'.repeat(513)]) {
      expect(await json(await post('/api/wx/decrypt', { encryptCode }))).toMatchObject({ status: 400, body: { error: 'invalid_encrypt_code' } });
    }
  });
});

describe('POST /api/wx/decrypt with authorizeDecrypt', () => {
  it('answers 403 forbidden, without spending WeChat quota, when the hook says no; decrypts when it says yes', async () => {
    const authorizeDecrypt = vi.fn(async (request: Request) => request.headers.get('x-session') === 'ok');
    const { post, standIn } = world({ authorizeDecrypt });
    const body = { encryptCode: encryptedBy(standIn, '424242') };
    const refused = await json(await post('/api/wx/decrypt', body));
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden', message: expect.stringContaining('authorizeDecrypt') } });
    expect(standIn.counters.total).toBe(0);
    expect(await json(await post('/api/wx/decrypt', body, { 'x-session': 'ok' }))).toMatchObject({ status: 200, body: { code: '424242' } });
    expect(authorizeDecrypt).toHaveBeenCalledWith(expect.any(Request));
  });

  it('allows every request without the hook (the redirect page works without a login)', async () => {
    const { post, standIn } = world();
    expect((await post('/api/wx/decrypt', { encryptCode: encryptedBy(standIn, '7') })).status).toBe(200);
  });

  it('logs an unknown code (errcode 40056) at debug, not warn', async () => {
    const warn = vi.fn();
    const debug = vi.fn();
    const { post } = world({}, { api: { logger: { warn, debug } } });
    expect(await json(await post('/api/wx/decrypt', { encryptCode: 'bm90IGEgY29kZQ==' }))).toMatchObject({ status: 400, body: { error: 'invalid_code' } });
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith('wx-coupon: WeChat API call failed', expect.objectContaining({ path: 'card/code/decrypt', error: expect.stringContaining('40056') }));
  });
});

describe('POST /api/wx/consume', () => {
  const code = '555566667777';

  it('is forbidden unless authorizeConsume approves the request', async () => {
    expect(await json(await world().post('/api/wx/consume', { code }))).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const refusing = world({ authorizeConsume: async () => false });
    expect(await json(await refusing.post('/api/wx/consume', { code }))).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(refusing.standIn.counters.total).toBe(0);
  });

  it('consumes once (by encryptCode or code); the second time is 409 already_consumed', async () => {
    const authorizeConsume = vi.fn((request: Request) => request.headers.get('x-staff') === 'yes');
    const { post, standIn } = world({ authorizeConsume });
    const staff = { 'x-staff': 'yes' };
    expect(await json(await post('/api/wx/consume', { encryptCode: encryptedBy(standIn, code, 'pCard'), cardId: 'pCard' }, staff))).toMatchObject({
      status: 200,
      body: { code, consumed: true },
    });
    expect(await json(await post('/api/wx/consume', { code }, staff))).toMatchObject({ status: 409, body: { error: 'already_consumed', errcode: 40099 } });
    expect(await json(await post('/api/wx/consume', { code: '999' }, staff))).toMatchObject({ status: 400, body: { error: 'invalid_code', errcode: 40056 } }); // never issued
    expect(await json(await post('/api/wx/consume', { code: '999', cardId: 'pNoSuchCard' }, staff))).toMatchObject({ status: 400, body: { error: 'invalid_card_id', errcode: 40073 } });
    standIn.issueCode({ code: '999' });
    expect(await json(await post('/api/wx/consume', { code: '999' }, staff))).toMatchObject({ status: 200, body: { code: '999', consumed: true } });
    expect(await json(await post('/api/wx/consume', {}, staff))).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect(await json(await post('/api/wx/consume', { code: 'a b' }, staff))).toMatchObject({ status: 400, body: { error: 'invalid_code' } });
    expect(await json(await post('/api/wx/consume', { code: '999' }))).toMatchObject({ status: 403 });
  });
});

describe('routing and bad input', () => {
  it('answers a wrong method with 405 and Allow', async () => {
    const { get, post } = world();
    const wrongPost = await json(await post(signatureOf(PAGE), {}));
    expect(wrongPost).toMatchObject({ status: 405, body: { error: 'method_not_allowed' } });
    expect(wrongPost.headers.get('allow')).toBe('GET');
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await json(await get('/api/wx/card-ext', { method }));
      expect(response).toMatchObject({ status: 405 });
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('answers unknown routes and paths outside the base path with 404', async () => {
    const { get } = world();
    expect(await json(await get('/api/wx/nope'))).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await json(await get('/api/wx/constructor'))).toMatchObject({ status: 404 });
    expect(await json(await get('/api/wx/signature/'))).toMatchObject({ status: 404 });
    expect(await json(await get('/api/wxsignature'))).toMatchObject({ status: 404 });
    expect(await json(await get('/elsewhere'))).toMatchObject({ status: 404 });
  });

  it('refuses paths with empty segments or encoded slashes under the base path (400), which the URL keeps as they are', async () => {
    const { get } = world();
    for (const path of ['/api/wx//signature', '/api/wx/%2fsignature', '/api/wx/%5Csignature']) {
      expect(await json(await get(`${path}?url=${encodeURIComponent(PAGE)}`))).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    }
    // Outside the base path: not ours to refuse, and not served either.
    expect((await get(`//api/wx/signature?url=${encodeURIComponent(PAGE)}`)).status).toBe(404);
  });

  it('serves under a custom base path', async () => {
    const { get } = world({ basePath: '/coupons/' });
    expect((await get(`/coupons/signature?url=${encodeURIComponent(PAGE)}`)).status).toBe(200);
    expect((await get(signatureOf(PAGE))).status).toBe(404);
  });

  it.each([
    ['{"cardId":', 400, 'invalid_json'],
    ['', 400, 'invalid_json'],
    ['[1,2]', 400, 'bad_request'],
    ['null', 400, 'bad_request'],
    ['"pA"', 400, 'bad_request'],
    [`{"cardId":"pA","pad":"${'x'.repeat(5000)}"}`, 413, 'payload_too_large'],
  ])('answers the body %j with %i %s', async (body, status, error) => {
    const { post } = world();
    expect(await json(await post('/api/wx/card-ext', body))).toMatchObject({ status, body: { error } });
  });

  it('caps a streamed body that announces no length', async () => {
    const { handler } = world();
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        controller.enqueue(chunk);
        if (sent === 1000) controller.close();
      },
    });
    const request = new Request(`${ORIGIN}/api/wx/decrypt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(await json(await handler(request))).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    expect(sent).toBeLessThan(10);
  });

  it('refuses invalid UTF-8 and a body that is not sent as JSON', async () => {
    const { handler, post } = world();
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]);
    const request = new Request(`${ORIGIN}/api/wx/card-sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(await json(await handler(request))).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
    expect(await json(await post('/api/wx/card-sign', '{}', { 'content-type': 'text/plain' }))).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    expect((await post('/api/wx/card-sign', '{}', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('upstream failures', () => {
  it('answers 502 upstream_error with the errcode and a hint, nothing secret', async () => {
    const { get, standIn } = world({}, { standIn: { dailyTokenQuota: 0 } });
    const { status, body } = await json(await get(signatureOf(PAGE)));
    expect(status).toBe(502);
    expect(body).toMatchObject({ error: 'upstream_error', errcode: 45009, message: expect.stringMatching(/quota/) });
    expect(JSON.stringify(body)).not.toContain(APP_SECRET);
    expect(standIn.counters.stableToken).toBe(1);
  });

  it('WeChat refusing every token: 502 upstream_error with its errcode, and a forced refresh for the first request only', async () => {
    const { post, standIn } = world();
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 40001, times: 100 });
    for (let i = 0; i < 3; i++) {
      const { status, body } = await json(await post('/api/wx/decrypt', { encryptCode: encryptedBy(standIn, String(1000 + i)) }));
      expect(status).toBe(502);
      expect(body).toMatchObject({ error: 'upstream_error', errcode: 40001, message: expect.stringMatching(/card\/code\/decrypt.*errcode 40001.*forced at most every 75 minutes/) });
    }
    expect(standIn.counters.stableTokenForced).toBe(1);
  });

  it('20 requests under errcode 45009 make one upstream call: the failure is remembered for 30 s', async () => {
    const { get, standIn, clock } = world({}, { standIn: { dailyTokenQuota: 0 } });
    const answers = await Promise.all(Array.from({ length: 20 }, async () => json(await get(signatureOf(PAGE)))));
    for (const answer of answers) expect(answer).toMatchObject({ status: 502, body: { error: 'upstream_error', errcode: 45009 } });
    expect(standIn.counters.stableToken).toBe(1);
    clock.advance(30_000);
    expect((await get(signatureOf(PAGE))).status).toBe(502);
    expect(standIn.counters.stableToken).toBe(2);
  });

  it('answers 503 store_unavailable, never hangs, when the token store stops answering (Redis outage)', async () => {
    const never = () => new Promise<never>(() => {});
    const store: TokenStore = { get: never, set: never, tryLock: never };
    const warn = vi.fn();
    const { get, post, standIn } = world({ logger: { warn } }, { api: { store, timeoutMs: 20 } });
    const signature = await json(await get(signatureOf(PAGE)));
    expect(signature).toMatchObject({ status: 503, body: { error: 'store_unavailable', message: expect.stringMatching(/did not answer in time/) } });
    expect(signature.headers.get('retry-after')).toBe('5');
    expect(await json(await post('/api/wx/card-ext', { cardId: 'pA' }))).toMatchObject({ status: 503, body: { error: 'store_unavailable' } });
    expect(await json(await post('/api/wx/decrypt', { encryptCode: encryptedBy(standIn, '1') }))).toMatchObject({ status: 503 });
    expect(standIn.counters.total).toBe(0); // no going round the shared cache to WeChat
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('token store'), { operation: 'get', timeoutMs: 20 });
  });

  it('serves a fetched value even when the store cannot keep it', async () => {
    const inner = memoryStore();
    const store: TokenStore = { get: (key) => inner.get(key), set: () => new Promise<never>(() => {}), tryLock: (key, ttl) => inner.tryLock(key, ttl) };
    const { get } = world({}, { api: { store, timeoutMs: 20 } });
    expect((await get(signatureOf(PAGE))).status).toBe(200);
  });

  it('answers 502 for a wrong secret without quoting it', async () => {
    const { get } = world({}, { api: { appSecret: 'ffffffffffffffffffffffffffffffff' } });
    const { status, body } = await json(await get(signatureOf(PAGE)));
    expect(status).toBe(502);
    expect(body).toMatchObject({ error: 'upstream_error', errcode: 40125, message: expect.stringMatching(/appSecret/) });
    expect(JSON.stringify(body)).not.toContain('ffffffffffffffffffffffffffffffff');
  });

  it('answers 504 upstream_timeout when WeChat is too slow, and 502 when it is unreachable', async () => {
    const slow = world({}, { api: { timeoutMs: 20 } });
    slow.standIn.injectFault({ delayMs: 5000 });
    expect(await json(await slow.post('/api/wx/decrypt', { encryptCode: encryptedBy(slow.standIn, '1') }))).toMatchObject({ status: 504, body: { error: 'upstream_timeout' } });

    const down = world({}, { api: { fetch: async () => Promise.reject(new TypeError('fetch failed')) } });
    expect(await json(await down.post('/api/wx/card-sign', {}))).toMatchObject({ status: 502, body: { error: 'upstream_error' } });
  });
});

describe('authorization hooks approve with true only (SECURITY.md)', () => {
  // Each was an approval while hooks were judged by truthiness.
  const notTrue = (['false', 'true', { isStaff: false }, [], 1, 'yes', {}] as unknown[]).map((decision) => [decision] as const);
  const code = '123456789012';

  it.each(notTrue)('authorizeConsume returning %j: 403 forbidden, WeChat not called', async (decision) => {
    for (const hook of [() => decision, async () => decision]) {
      const { post, standIn } = world({ authorizeConsume: hook as never });
      expect(await json(await post('/api/wx/consume', { code }))).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(standIn.counters.total).toBe(0);
    }
  });

  it.each(notTrue)('authorizeDecrypt, allowedCardIds and allowedUrls returning %j: 403, no ticket read', async (decision) => {
    const decrypting = world({ authorizeDecrypt: (async () => decision) as never });
    expect(await json(await decrypting.post('/api/wx/decrypt', { encryptCode: encryptSimulatedCode(code) }))).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const cards = world({ allowedCardIds: (async () => decision) as never });
    expect(await json(await cards.post('/api/wx/card-ext', { cardId: 'pA' }))).toMatchObject({ status: 403, body: { error: 'card_not_allowed' } });
    expect(await json(await cards.post('/api/wx/card-sign', { cardId: 'pA' }))).toMatchObject({ status: 403, body: { error: 'card_not_allowed' } });
    const pages = world({ allowedUrls: (() => decision) as never });
    expect(await json(await pages.get(signatureOf(PAGE)))).toMatchObject({ status: 403, body: { error: 'url_not_allowed' } });
    for (const { standIn } of [decrypting, cards, pages]) expect(standIn.counters.total).toBe(0);
  });

  it('true approves', async () => {
    const { post, get, standIn } = world({ authorizeConsume: () => true, authorizeDecrypt: async () => true, allowedCardIds: async () => true, allowedUrls: () => true });
    // Past the hook, whatever WeChat then says about this code: it was asked.
    expect((await post('/api/wx/decrypt', { encryptCode: encryptSimulatedCode(code) })).status).not.toBe(403);
    expect((await post('/api/wx/consume', { code })).status).not.toBe(403);
    expect(standIn.counters).toMatchObject({ decrypt: 1, consume: 1 });
    expect((await post('/api/wx/card-ext', { cardId: 'pA' })).status).toBe(200);
    expect((await post('/api/wx/card-sign', { cardId: 'pA' })).status).toBe(200);
    expect((await get(signatureOf(PAGE))).status).toBe(200);
  });
});

describe('card-sign and the card allowlist (issue: allowedCardIds bypassed through card-sign)', () => {
  it('refuses to sign a chooseCard filter for a card outside allowedCardIds: its cardSign would verify as that card’s card_ext', async () => {
    const { post, standIn } = world({ allowedCardIds: ['pPublic'] });
    expect(await json(await post('/api/wx/card-sign', { cardId: 'pStaffOnly' }))).toMatchObject({ status: 403, body: { error: 'card_not_allowed' } });
    expect(standIn.counters.total).toBe(0);
    // Why: for a card it does sign, the answer is a working card_ext with code = appId.
    const { body } = await json(await post('/api/wx/card-sign', { cardId: 'pPublic' }));
    const asCardExt = await signCardExt({ apiTicket: standIn.currentTickets().wx_card, cardId: 'pPublic', timestamp: body.timestamp, nonceStr: body.nonceStr, code: APP_ID });
    expect(asCardExt).toBe(body.cardSign);
    // A filter without a card, or by shop and type only, is still signed.
    expect((await post('/api/wx/card-sign', {})).status).toBe(200);
    expect((await post('/api/wx/card-sign', { shopId: 123, cardType: 'GROUPON' })).status).toBe(200);
  });

  // Reviewer's attack: an allowed card whose card_ext the cardExt hook binds (here a custom code
  // from the session) was still signed as a chooseCard filter, and {code: appId, timestamp,
  // nonce_str, signature: cardSign} added it on the stand-in with the code "wx…" (is_succ 1).
  it('refuses a chooseCard filter for a card whose card_ext the cardExt hook binds, so the binding cannot be bypassed', async () => {
    const [custom, bound, plain] = ['pCustomCodeCard000000000000A', 'pBindOpenidCard000000000000B', 'pPlainCard00000000000000000C'];
    const hook = vi.fn((_request: Request, cardId: string) => (cardId === custom ? { code: '880011223344' } : cardId === bound ? { openid: 'oUserFromSession' } : { outerStr: 'poster' }));
    const { post, standIn } = world({ allowedCardIds: [custom, bound, plain], cardExt: hook });
    standIn.createCard(groupon({ use_custom_code: true }), { cardId: custom, approved: true });
    standIn.createCard(groupon({ bind_openid: true }), { cardId: bound, approved: true });
    standIn.createCard(groupon(), { cardId: plain, approved: true });
    const addWith = async (cardId: string, ext: Record<string, unknown>) =>
      ((await (await standIn.fetch('https://api.weixin.qq.com/__sim/user/add-cards', { method: 'POST', body: JSON.stringify({ cards: [{ card_id: cardId, card_ext: JSON.stringify(ext) }] }) })).json()) as any)
        .card_list[0];
    for (const cardId of [custom, bound]) {
      for (const extra of [{}, { shopId: 123 }]) {
        const { status, body } = await json(await post('/api/wx/card-sign', { cardId, ...extra }));
        expect({ status, error: body.error }).toEqual({ status: 403, error: 'card_not_allowed' });
        expect(body.message).toMatch(/cardExt hook binds/);
        expect(body.message).toMatch(/shopId or cardType/);
        expect(body.cardSign).toBeUndefined();
        // The replay has nothing to replay: no signature, so the stand-in refuses the add.
        const replay = await addWith(cardId, { code: APP_ID, timestamp: body.timestamp, nonce_str: body.nonceStr, signature: body.cardSign });
        expect(replay).toMatchObject({ is_succ: 0 });
      }
      expect(hook).toHaveBeenCalledWith(expect.any(Request), cardId);
    }
    // card-ext still hands out the bound card_ext, which adds the card with the hook's code.
    const { body: ext } = await json(await post('/api/wx/card-ext', { cardId: custom }));
    expect(await addWith(custom, JSON.parse(ext.cardExt))).toMatchObject({ is_succ: 1, code: '880011223344' });
    // A card whose card_ext the hook does not bind is signed as before, and so is a filter without a card.
    expect((await post('/api/wx/card-sign', { cardId: plain })).status).toBe(200);
    expect((await post('/api/wx/card-sign', { shopId: 123, cardType: 'GROUPON' })).status).toBe(200);
  });

  it('a throwing cardExt hook on card-sign is a 500 internal_error, as on card-ext', async () => {
    const { post } = world({
      cardExt: () => {
        throw new Error('session store down');
      },
    });
    expect(await json(await post('/api/wx/card-sign', { cardId: 'pA' }))).toMatchObject({ status: 500, body: { error: 'internal_error' } });
    expect((await post('/api/wx/card-sign', {})).status).toBe(200);
  });

  it('asks the allowedCardIds predicate with the request, as card-ext does', async () => {
    const allowedCardIds = vi.fn(async (_cardId: string, request: Request) => request.headers.get('x-staff') === 'yes');
    const { post } = world({ allowedCardIds });
    expect((await post('/api/wx/card-sign', { cardId: 'pStaffOnly' })).status).toBe(403);
    expect((await post('/api/wx/card-sign', { cardId: 'pStaffOnly' }, { 'x-staff': 'yes' })).status).toBe(200);
    expect(allowedCardIds).toHaveBeenCalledWith('pStaffOnly', expect.any(Request));
  });
});
