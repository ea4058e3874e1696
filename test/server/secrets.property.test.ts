// Property: whatever the requests, upstream answers and clock, the AppSecret, the access tokens
// and the tickets never show up in a response, an error or a log line (only in what the API's
// own accessToken()/jsapiTicket()/cardApiTicket() return, which is what they are for), even
// when WeChat's errmsg echoes the request it was sent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCouponHandler, createWeChatApi } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { captureSecrets, captureLogs } from './capturedSecrets';
import { APP_ID, simulatedClock, encryptedBy } from './fixtures';

const PATHS = ['cgi-bin/token', 'cgi-bin/stable_token', 'cgi-bin/ticket/getticket', 'card/code/decrypt', 'card/code/consume'];
const ERRCODES = [-1, 40001, 40014, 42001, 45009, 40125, 40013, 40164, 40056, 40099, 48001, 61023];

const secret = fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[A-Za-z0-9]{32}$/));
const cardId = fc.oneof(fc.constantFrom('pCard-1', 'pjZ8Yt1XGILfi-FUsewpnnolGgZk'), fc.string({ maxLength: 70 }));
const pageUrl = fc.oneof(
  fc.constantFrom('https://m.example.com/a?b=1#c', 'http://m.example.com/', '/relative', 'javascript:alert(1)', ''),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const ECHO = '{echo the request}';

/** WeChat answering with an errmsg that quotes the request: its URL (access_token) and body (secret). */
function echoing(upstream: (input: string, init?: RequestInit) => Promise<Response>) {
  return async (input: string, init?: RequestInit) => {
    const response = await upstream(input, init);
    const text = await response.text();
    const echoed = text.includes(ECHO) ? text.replace(ECHO, `${input} ${typeof init?.body === 'string' ? init.body : ''}`.replace(/["\\]/g, '')) : text;
    return new Response(echoed, { status: response.status, headers: response.headers });
  };
}

const encryptCode = fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdefXYZ_-'), minLength: 1, maxLength: 20 }).map((code) => btoa(`?${code}>`)), fc.string({ maxLength: 40 }));

const operation = fc.oneof(
  fc.record({ kind: fc.constant('signature' as const), url: pageUrl }),
  fc.record({ kind: fc.constant('card-ext' as const), body: fc.record({ cardId, outerStr: fc.option(fc.string({ maxLength: 140 })), openid: fc.option(fc.string()) }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('card-sign' as const), body: fc.record({ cardId, shopId: fc.oneof(fc.nat(), fc.string()), cardType: fc.constantFrom('GROUPON', 'CASH', 'bad type') }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('decrypt' as const), body: fc.record({ encryptCode }) }),
  fc.record({ kind: fc.constant('consume' as const), body: fc.record({ encryptCode, code: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('raw' as const), path: fc.constantFrom('/api/wx/card-ext', '/api/wx/decrypt', '/api/wx/x', '/'), method: fc.constantFrom('GET', 'POST', 'PUT'), body: fc.string({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant('api' as const), call: fc.constantFrom('accessToken', 'jsapiTicket', 'cardApiTicket', 'decryptCode', 'consumeCode') }),
);

const step = fc.record({
  op: operation,
  fault: fc.option(
    fc.record({
      path: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
      errcode: fc.constantFrom(...ERRCODES),
      echo: fc.constantFrom('nothing', 'secret', 'request'),
      slow: fc.boolean(),
      times: fc.integer({ min: 1, max: 3 }),
    }),
  ),
  advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 3_600_000 })),
});

/** Everything a value exposes when printed, logged or serialised. */
function exposed(value: unknown): string {
  if (!(value instanceof Error)) return typeof value === 'string' ? value : JSON.stringify(value);
  const cause = (value as { cause?: unknown }).cause;
  return [String(value), value.stack ?? '', JSON.stringify(value), JSON.stringify({ ...value }), cause === undefined ? '' : exposed(cause)].join('\n');
}

describe('the AppSecret never leaks', () => {
  it('from responses, errors or logs, for any requests, upstream errors and clock', async () => {
    await fc.assert(
      fc.asyncProperty(secret, fc.boolean(), fc.boolean(), fc.array(step, { minLength: 1, maxLength: 8 }), async (appSecret, wrongSecret, useStableToken, steps) => {
        const clock = simulatedClock();
        const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: wrongSecret ? 'another-secret-entirely' : appSecret, clock: clock.now });
        const { logs, logger } = captureLogs();
        const secrets = captureSecrets(appSecret, standIn.fetch);
        const api = createWeChatApi({ appId: APP_ID, appSecret, fetch: echoing(secrets.fetch), clock: clock.now, useStableToken, timeoutMs: 5, busyRetryDelayMs: 0, logger });
        const handler = createCouponHandler({
          api,
          appId: APP_ID,
          allowedUrls: ['https://m.example.com'],
          cardExt: () => ({ openid: 'oSession' }),
          authorizeConsume: () => true,
          logger,
        });
        const outputs: string[] = [];
        const credentials: string[] = []; // what accessToken()/…Ticket() returned: secret, but theirs to return

        for (const { op, fault, advanceMs } of steps) {
          clock.advance(advanceMs);
          if (fault) {
            standIn.injectFault({
              path: fault.path,
              errcode: fault.slow ? undefined : fault.errcode,
              errmsg: fault.echo === 'secret' ? `bad request secret=${appSecret}` : fault.echo === 'request' ? `bad request ${ECHO}` : undefined,
              delayMs: fault.slow ? 50 : undefined,
              times: fault.times,
            });
          }
          let response: Response | undefined;
          if (op.kind === 'api') {
            try {
              const call = op.call;
              const result =
                call === 'decryptCode' ? await api.decryptCode(encryptedBy(standIn, '123')) : call === 'consumeCode' ? await api.consumeCode({ code: '123' }) : await api[call]();
              (typeof result === 'string' ? credentials : outputs).push(exposed(result));
            } catch (error) {
              outputs.push(exposed(error));
            }
            continue;
          }
          if (op.kind === 'signature') {
            response = await handler(new Request(`http://localhost/api/wx/signature?url=${encodeURIComponent(op.url)}`));
          } else if (op.kind === 'raw') {
            response = await handler(new Request(`http://localhost${op.path}`, { method: op.method, body: op.method === 'GET' ? undefined : op.body, headers: { 'content-type': 'application/json' } }));
          } else {
            response = await handler(new Request(`http://localhost/api/wx/${op.kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(op.body) }));
          }
          expect(response.status).not.toBe(500);
          const text = await response.text();
          outputs.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
          if (response.status >= 400) expect(JSON.parse(text)).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
        }

        for (const output of [...outputs, ...credentials, ...logs]) expect(output).not.toContain(appSecret);
        secrets.add(...Object.values(standIn.currentTickets()));
        for (const output of [...outputs, ...logs]) expect(secrets.foundIn(output), output).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});
