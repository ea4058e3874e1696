// Property: with WeChat (the stand-in) healthy, whatever arrives over HTTP — any method, path,
// headers and body — the coupon handler answers below 500, every non-2xx answer has the
// documented `{ error, message, errcode? }` shape, and no answer carries the AppSecret, an
// access_token or a ticket. secrets.property.test.ts covers upstream faults and the clock;
// this file covers hostile requests, in-process and through toNodeListener on a real socket.
import fc from 'fast-check';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouponHandler, createWeChatApi, toNodeListener } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { captureSecrets, type CapturedSecrets, captureLogs } from './capturedSecrets';
import { APP_ID, APP_SECRET, simulatedClock, encryptedBy } from './fixtures';

const ERROR_CODES = new Set([
  'bad_request',
  'invalid_json',
  'invalid_url',
  'invalid_card_id',
  'invalid_encrypt_code',
  'invalid_code',
  'url_not_allowed',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'already_consumed',
  'payload_too_large',
  'unsupported_media_type',
  // card-sign with a cardId the world's cardExt hook binds (to the session's openid)
  'card_not_allowed',
]);

// ---- requests ---------------------------------------------------------------------------

const TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// The Fetch API refuses to build requests with these, so no runtime hands one to the handler.
const UNSUPPORTED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
// A Request with method 'patch' (exactly that) makes undici print a process warning that
// PATCH was surely meant. Lowercase methods the Fetch API does not upper-case are still
// covered ('Patch', 'propfind', the random tokens); only that one spelling is left out.
const WARNED_METHOD = 'patch';
const method = fc
  .oneof(
    fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'get', 'post', 'head', 'options', 'Patch', 'Post', 'M-SEARCH', 'PROPFIND', 'propfind'),
    fc.string({ unit: fc.constantFrom(...TCHAR), minLength: 1, maxLength: 12 }),
  )
  .filter((name) => !UNSUPPORTED_METHODS.has(name.toUpperCase()) && name !== WARNED_METHOD);

const ROUTES = ['signature', 'card-ext', 'card-sign', 'decrypt', 'consume'];
const segment = fc.oneof(
  fc.constantFrom(...ROUTES, 'api', 'wx', '..', '.', '%2e%2e', '%2E.', '%00', '%2f', '%5c', '', 'constructor', '__proto__', 'hasOwnProperty', '中文', 'ü', '😀', ';x=1', '%', '%zz', '\\'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const pathname = fc.oneof(
  fc.constantFrom(...ROUTES).map((route) => `/api/wx/${route}`),
  fc.tuple(fc.constantFrom('/api/wx/', '/', '//', '/api/', '/api/wx/../wx/', '/API/WX/', '/api/wx//'), fc.array(segment, { maxLength: 5 })).map(([start, parts]) => start + parts.join('/')),
  fc.tuple(fc.constantFrom('/api/wx/', '/api/wx/signature/', '/'), fc.integer({ min: 1000, max: 20_000 })).map(([start, length]) => start + 'a'.repeat(length)),
);
const pageUrl = fc.oneof(
  fc.constantFrom('https://m.example.com/a?b=1#c', 'https://m.example.com/', 'http://m.example.com/', 'https://evil.example/', '/relative', 'javascript:alert(1)', 'data:,x', ''),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((tail) => `https://m.example.com/${tail}`),
  fc.integer({ min: 4000, max: 9000 }).map((length) => `https://m.example.com/${'p'.repeat(length)}`),
);
const search = fc.oneof(
  fc.constant(''),
  pageUrl.map((url) => `?url=${encodeURIComponent(url)}`),
  pageUrl.map((url) => `?url=${url}`), // not encoded: whatever the parser makes of it
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => `?${text}`),
  fc.constant('?url=a&url=b&url=https%3A%2F%2Fm.example.com%2F'),
);

const CONTENT_TYPES = [
  'application/json',
  'Application/JSON; charset=utf-8',
  'application/json;charset=latin1',
  'application/json ; x=y',
  'application/json;',
  'application/jsonp',
  'application/json, text/plain',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/html',
  '*/*',
  '',
];
const LATIN1 = Array.from({ length: 0xff - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== '\x7f');
const headerName = fc.oneof(
  fc.constantFrom('x-forwarded-for', 'origin', 'cookie', 'authorization', 'x-http-method-override', 'accept', 'transfer-encoding', 'expect', 'host'),
  fc.string({ unit: fc.constantFrom(...TCHAR), minLength: 1, maxLength: 20 }),
);
const headerValue = fc.oneof(fc.string({ unit: fc.constantFrom(...LATIN1), maxLength: 60 }), fc.constantFrom('POST', 'GET', '100-continue', 'chunked', '*'));
const headers = fc.record({
  contentTypes: fc.array(fc.constantFrom(...CONTENT_TYPES), { maxLength: 3 }), // repeated: the values get joined by ", "
  // undefined: none; otherwise a value that may well be a lie
  contentLength: fc.option(fc.oneof(fc.constantFrom('0', '-1', '1', 'abc', '1e9', '4096', '4097', '99999999999999999999', ' 12 '), fc.nat().map(String)), { nil: undefined }),
  extra: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
});

// Field values a client might send instead of the documented strings.
const junkValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom<unknown>({}, [], [123], ['pCard'], { toString: 1 }, { valueOf: 1, toString: 'x' }, { $gt: '' }, { __proto__: null }, '1'.repeat(21), 'GROUPON'),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 3000, max: 6000 }).map((length) => 'x'.repeat(length)),
);
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 14 });
const plausibleBody = fc.record(
  {
    cardId: fc.oneof(fc.constantFrom('pCard-1', 'pjZ8Yt1XGILfi-FUsewpnnolGgZk'), junkValue),
    outerStr: fc.oneof(fc.string({ maxLength: 20 }), junkValue),
    openid: fc.oneof(fc.constant('oAttacker'), junkValue),
    shopId: fc.oneof(fc.nat(), digits, junkValue),
    cardType: fc.oneof(fc.constantFrom('GROUPON', 'CASH', 'MEMBER_CARD'), junkValue),
    // base64 like real encrypt_codes ("+" turned to a space too); the stand-in knows none of them (40056).
    encryptCode: fc.oneof(digits.map((code) => btoa(`?${code}>`)), digits.map((code) => btoa(`?${code}>`).replace(/\+/g, ' ')), junkValue),
    code: fc.oneof(digits, junkValue),
  },
  { requiredKeys: [] },
);
// Own keys named __proto__, constructor and prototype, as JSON.parse creates them.
const pollutingBody = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('cardId', 'polluted', 'isStaff', 'code'), plausibleBody)
  .map(([key, field, rest]) => {
    const start = `{"${key}":{"${field}":"pX","prototype":{"polluted":true}},"constructor":{"prototype":{"polluted":true}}`;
    const fields = JSON.stringify(rest);
    return fields === '{}' ? `${start}}` : `${start},${fields.slice(1)}`;
  });
const depth = fc.integer({ min: 1, max: 4000 });
const body = fc.oneof(
  { weight: 4, arbitrary: plausibleBody.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: pollutingBody },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  depth.map((n) => '['.repeat(n) + ']'.repeat(n)),
  depth.map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  depth.map((n) => '['.repeat(n)), // unterminated
  fc.integer({ min: 4000, max: 200_000 }).map((length) => JSON.stringify({ cardId: 'pCard-1', pad: 'x'.repeat(length) })),
  fc.uint8Array({ maxLength: 200 }),
  fc.constant(undefined),
);

// Anything at all, and (more often) requests that get past routing, method and content-type
// checks, so that the junk reaches the field checks and the WeChat calls behind them.
const anyRequest = fc.record({ method, pathname, search, headers, body });
const routedRequest = fc.constantFrom(...ROUTES).chain((route) =>
  fc.record({
    method: route === 'signature' ? fc.constantFrom('GET', 'get') : fc.constantFrom('POST', 'post'),
    pathname: fc.constant(`/api/wx/${route}`),
    search,
    headers: fc.record({
      contentTypes: fc.oneof(fc.constant<string[]>(['application/json']), fc.constant<string[]>(['application/json; charset=utf-8']), headers.map((h) => h.contentTypes)),
      contentLength: fc.option(headers.map((h) => h.contentLength), { nil: undefined, freq: 3 }).map((value) => value ?? undefined),
      extra: headers.map((h) => h.extra),
    }),
    body: fc.oneof({ weight: 3, arbitrary: plausibleBody.map((value) => JSON.stringify(value)) }, pollutingBody, body),
  }),
);
const request = fc.oneof(anyRequest, routedRequest);
type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

// ---- the world --------------------------------------------------------------------------

function world() {
  const clock = simulatedClock();
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now });
  const secrets = captureSecrets(APP_SECRET, standIn.fetch);
  const { logs, logger } = captureLogs();
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: secrets.fetch, clock: clock.now, logger });
  const handler = createCouponHandler({
    api,
    appId: APP_ID,
    allowedUrls: ['https://m.example.com'],
    cardExt: () => ({ openid: 'oSession' }),
    authorizeConsume: () => true, // so that consume really runs
    logger,
  });
  return { standIn, secrets, logs, handler };
}

function headersOf(generated: Generated['headers'], bodyLength: number | undefined): Headers {
  const result = new Headers();
  for (const [name, value] of generated.extra) {
    try {
      result.append(name, value);
    } catch {
      // a value the Fetch API refuses to carry: no runtime would hand it over either
    }
  }
  for (const type of generated.contentTypes) result.append('content-type', type);
  if (generated.contentLength !== undefined) result.set('content-length', generated.contentLength);
  else if (bodyLength !== undefined) result.set('content-length', String(bodyLength));
  return result;
}

const bytesOf = (value: string | Uint8Array | undefined) => (value === undefined ? undefined : typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value));
const hasNoBody = (name: string) => ['GET', 'HEAD'].includes(name.toUpperCase());

/** What every answer must satisfy, whoever sent it. */
function checkAnswer(status: number, responseHeaders: Headers, text: string, secrets: CapturedSecrets, isHead: boolean) {
  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(500);
  expect(responseHeaders.get('content-type')).toBe('application/json; charset=utf-8');
  expect(responseHeaders.get('cache-control')).toBe('no-store');
  const leaked = secrets.foundIn(`${JSON.stringify([...responseHeaders])}\n${text}`);
  expect(leaked, 'a secret in the answer').toBeNull();
  if (status < 300 || isHead) return;
  const answer = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(answer).every((key) => ['error', 'message', 'errcode'].includes(key))).toBe(true);
  expect(ERROR_CODES.has(answer.error as string), `error ${String(answer.error)}`).toBe(true);
  expect(answer.message).toEqual(expect.any(String));
  if ('errcode' in answer) expect(answer.errcode).toEqual(expect.any(Number));
  if (status === 405) expect(responseHeaders.get('allow')).toMatch(/^(GET|POST)$/);
}

function checkNoPollution() {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.cardId).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

// ---- in-process -------------------------------------------------------------------------

describe('the coupon handler, for any request, with WeChat healthy', () => {
  it('answers below 500 with the documented error shape and nothing secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 4 }), async (requests) => {
        const { standIn, secrets, logs, handler } = world();
        for (const generated of requests) {
          const payload = hasNoBody(generated.method) ? undefined : bytesOf(generated.body);
          const init: RequestInit = { method: generated.method, headers: headersOf(generated.headers, payload?.byteLength), body: payload };
          const response = await handler(new Request(`http://localhost${generated.pathname}${generated.search}`, init));
          checkAnswer(response.status, response.headers, await response.text(), secrets, false);
        }
        secrets.add(...Object.values(standIn.currentTickets()));
        for (const line of logs) expect(secrets.foundIn(line), `a secret in the log line ${line}`).toBeNull();
        checkNoPollution();
      }),
      { numRuns: 300 },
    );
  });

  it('signs, adds, decrypts and consumes for the well-formed requests among them (the property is not vacuous)', async () => {
    const { handler, standIn } = world();
    const post = (route: string, payload: unknown) =>
      handler(new Request(`http://localhost/api/wx/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
    expect((await handler(new Request(`http://localhost/api/wx/signature?url=${encodeURIComponent('https://m.example.com/a?b=1')}`))).status).toBe(200);
    expect((await post('card-ext', { cardId: 'pCard-1' })).status).toBe(200);
    expect((await post('card-sign', { shopId: '123', cardType: 'CASH' })).status).toBe(200);
    expect((await post('decrypt', { encryptCode: encryptedBy(standIn, '1234') })).status).toBe(200);
    expect((await post('consume', { code: '1234' })).status).toBe(200);
    expect((await post('consume', { code: '1234' })).status).toBe(409);
  });
});

// ---- through toNodeListener on a socket ---------------------------------------------------

interface RawAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Send `bytes` as they are and read the first answer; the server closes (Connection: close). */
function rawExchange(port: number, bytes: Uint8Array, isHead: boolean): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 5 s'));
    }, 5000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset after the answer; judged below by what arrived
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd < 0) return reject(new Error(`no complete answer: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`));
      const [statusLine = '', ...lines] = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers = new Headers();
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? all.length - headEnd - 4);
      const body = isHead ? '' : all.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(bytes);
  });
}

// What node:http itself parses: llhttp knows these methods and answers anything else with a
// bare 400 before the listener runs. CONNECT is a tunnel, not a request.
const NODE_METHODS = ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'M-SEARCH', 'PROPFIND', 'PURGE', 'SOURCE', 'QUERY', 'TRACE'];
// On the wire: percent-encoded, but escapes the generator wrote (%2e%2e, %00) kept as they are.
const onWire = (target: string) => encodeURI(target).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
const wirePath = fc.oneof(
  pathname,
  fc.constantFrom('*', 'http://evil.example/api/wx/signature', '/api/wx/signature?url=%', '/api/wx/%00', '/api/wx/decrypt#frag'),
);
const wireRequest = fc.record({
  method: fc.constantFrom(...NODE_METHODS),
  path: wirePath,
  search,
  contentTypes: fc.array(fc.constantFrom(...CONTENT_TYPES), { maxLength: 2 }),
  framing: fc.constantFrom('length', 'huge-length-lie', 'chunked'),
  extra: fc.array(fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-'), minLength: 1, maxLength: 12 }).map((name) => `x-${name}`), fc.string({ unit: fc.constantFrom(...LATIN1.filter((c) => c < '\x7f')), maxLength: 40 })), { maxLength: 4 }),
  body: body.filter((value) => value === undefined || (typeof value === 'string' ? value.length : value.byteLength) < 50_000),
}).filter(({ path, search }) => path.length + search.length < 8000); // node:http answers a head over 16 KB with a bare 431 itself

describe('toNodeListener on 127.0.0.1, for any request node:http parses', () => {
  let server: Server;
  let port: number;
  let current: ReturnType<typeof world>;
  beforeAll(async () => {
    current = world();
    const listener = toNodeListener((request) => current.handler(request));
    server = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });

  it('answers below 500 with the documented error shape and nothing secret', async () => {
    await fc.assert(
      fc.asyncProperty(wireRequest, async (generated) => {
        const payload = bytesOf(generated.body) ?? new Uint8Array();
        const target = generated.path.includes('?') || generated.path.includes('#') ? generated.path : `${generated.path}${generated.search}`;
        const lines = [`${generated.method} ${onWire(target)} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
        for (const type of generated.contentTypes) lines.push(`content-type: ${type}`);
        for (const [name, value] of generated.extra) lines.push(`${name}: ${value.trim()}`);
        let framed = payload;
        if (generated.framing === 'chunked') {
          lines.push('transfer-encoding: chunked');
          const size = new TextEncoder().encode(`${payload.byteLength.toString(16)}\r\n`);
          framed = Buffer.concat(payload.byteLength ? [size, payload, Buffer.from('\r\n0\r\n\r\n')] : [Buffer.from('0\r\n\r\n')]);
        } else {
          lines.push(`content-length: ${generated.framing === 'huge-length-lie' ? '99999999999' : payload.byteLength}`);
        }
        const head = new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`);
        const answer = await rawExchange(port, Buffer.concat([head, framed]), generated.method === 'HEAD');
        if (generated.method === 'TRACE') {
          // The Fetch API cannot represent TRACE: toNodeListener answers 400 itself.
          expect(answer.status).toBe(400);
        }
        checkAnswer(answer.status, answer.headers, answer.body, current.secrets, generated.method === 'HEAD');
      }),
      { numRuns: 80 },
    );
    current.secrets.add(...Object.values(current.standIn.currentTickets()));
    for (const line of current.logs) expect(current.secrets.foundIn(line)).toBeNull();
    checkNoPollution();
  });
});
