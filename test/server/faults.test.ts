// The upstream fault matrix: WeChat slow, hung, down, answering junk or each errcode the code
// knows, × every route that reaches it, × what is cached when the fault starts. Each request
// must settle within a bound derived from timeoutMs, with the documented status and `error`,
// nothing secret in the answer or the logs, no retry loop; and once the fault clears, a later
// request succeeds (after the 30 s a remembered failure lasts, on the simulated clock).
// Redis faults: faults.redis.test.ts; clock skew: faults.clockSkew.test.ts.
import { describe, it } from 'vitest';
import { createCouponHandler, createWeChatApi } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { captureSecrets, captureLogs } from './capturedSecrets';
import { APP_ID, APP_SECRET, simulatedClock } from './fixtures';
import { ROUTES, routeRequests, timedSend, type Route } from './routeRequests';

const TIMEOUT_MS = 200;
const BUSY_RETRY_DELAY_MS = 10; // backoff 10 + 20 ms for the two busy retries
// Every upstream call gives up after TIMEOUT_MS and no fault here makes a request wait on more
// than two calls in a row; the rest is slack for a loaded machine. "Settles", not "is fast".
const SETTLE_BOUND_MS = 5 * TIMEOUT_MS + 1000;
const REMEMBER_MS = 30_000;

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
type Misbehaviour = (input: string, init: RequestInit | undefined, healthy: Fetch) => Promise<Response>;
interface Fault {
  name: string;
  kind: 'timeout' | 'http' | 'errcode';
  errcode?: number;
  answer: Misbehaviour;
}

function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 101.226.212.27:443'), { code: 'ECONNREFUSED' }) });

// What the code knows (wechatApi.ts, errors/WeChatApiError.ts, spec §5) plus two it does not.
const ERRCODES = [-1, 40001, 40014, 42001, 40013, 40125, 40164, 45009, 40056, 40099, 48001, 61023];
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);

const FAULTS: Fault[] = [
  { name: 'slow past timeoutMs', kind: 'timeout', answer: async (input, init, healthy) => (await delay(20 * TIMEOUT_MS, init?.signal), healthy(input, init)) },
  { name: 'hung, ignoring the abort signal', kind: 'timeout', answer: () => new Promise<Response>(() => {}) },
  {
    name: 'headers at once, then a body that never ends',
    kind: 'timeout',
    answer: async () => new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"access_tok')) }), { headers: { 'content-type': 'application/json' } }),
  },
  { name: 'connection refused', kind: 'http', answer: async () => Promise.reject(refused()) },
  { name: 'an HTML page with 200', kind: 'http', answer: async () => new Response('<html><body>维护中</body></html>', { headers: { 'content-type': 'text/html' } }) },
  { name: "a proxy's HTML 502", kind: 'http', answer: async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }) },
  { name: 'HTTP 500', kind: 'http', answer: async () => new Response('', { status: 500 }) },
  { name: 'HTTP 503 with WeChat-like JSON', kind: 'http', answer: async () => json({ errcode: 0, errmsg: 'ok' }, 503) },
  { name: 'JSON of the wrong shape', kind: 'http', answer: async () => json({ unexpected: true }) },
  { name: 'a JSON array', kind: 'http', answer: async () => json([{ errcode: 0 }]) },
  { name: 'a JSON string', kind: 'http', answer: async () => json('ok') },
  { name: 'truncated JSON', kind: 'http', answer: async () => new Response('{"errcode":0,"ti', { headers: { 'content-type': 'application/json' } }) },
  ...ERRCODES.map(
    (errcode): Fault => ({
      name: `errcode ${errcode}`,
      kind: 'errcode',
      errcode,
      // Echoing the request, as WeChat has been known to: the secret or token must not travel on.
      answer: async (input, init) => json({ errcode, errmsg: `refused ${input} ${typeof init?.body === 'string' ? init.body : ''} rid: 6789` }),
    }),
  ),
];

// cold: nothing cached; token: access_token cached, tickets not; all: token and both tickets.
const CACHES = ['cold', 'token', 'all'] as const;
type Cache = (typeof CACHES)[number];

interface Outcome {
  status: number;
  error?: string;
  errcode?: number;
  /** Remembered for 30 s: the same answer again, without asking WeChat, until then. */
  remembered?: boolean;
}

/** The documented answer (docs/server.md) for this fault on this route with this cache. */
function documented(fault: Fault, route: Route, cache: Cache): Outcome {
  const usesCode = route === 'decrypt' || route === 'consume';
  if (cache === 'all' && !usesCode) return { status: 200 }; // signed with cached tickets: WeChat is not asked
  // The call the fault hits first: a token or ticket fetch (a cold-cache fetch, remembered
  // when it fails for long), or the route's own card/code call (never remembered).
  const fetchesCredential = cache === 'cold' || !usesCode;
  if (fault.kind === 'timeout') return { status: 504, error: 'upstream_timeout', remembered: fetchesCredential };
  if (fault.kind === 'http') return { status: 502, error: 'upstream_error' };
  const errcode = fault.errcode as number;
  if (!fetchesCredential && errcode === 40056) return { status: 400, error: 'invalid_code', errcode };
  if (!fetchesCredential && errcode === 40099 && route === 'consume') return { status: 409, error: 'already_consumed', errcode };
  return { status: 502, error: 'upstream_error', errcode, remembered: fetchesCredential && errcode !== -1 && !TOKEN_REFUSED.has(errcode) };
}

async function world(cache: Cache) {
  const clock = simulatedClock();
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now });
  const secrets = captureSecrets(APP_SECRET, standIn.fetch);
  let fault: Fault | null = null;
  let calls = 0;
  const fetch: Fetch = (input, init) => {
    calls++;
    return fault ? fault.answer(input, init, secrets.fetch) : secrets.fetch(input, init);
  };
  const { logs, logger } = captureLogs();
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch, clock: clock.now, timeoutMs: TIMEOUT_MS, busyRetryDelayMs: BUSY_RETRY_DELAY_MS, logger });
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], authorizeConsume: () => true, logger });
  if (cache !== 'cold') await api.accessToken();
  if (cache === 'all') await Promise.all([api.jsapiTicket(), api.cardApiTicket()]);

  const requestFor = routeRequests(standIn);

  /** One request: its answer, how long it took and how many upstream calls it made. */
  async function send(route: Route) {
    const before = calls;
    const answer = await timedSend(handler, requestFor(route));
    return { ...answer, upstreamCalls: calls - before };
  }

  return {
    clock,
    secrets,
    logs,
    send,
    setFault(next: Fault | null) {
      fault = next;
    },
  };
}

const table = FAULTS.flatMap((fault) => CACHES.flatMap((cache) => ROUTES.map((route) => ({ fault, cache, route, outcome: documented(fault, route, cache) }))));

describe('upstream fault matrix', () => {
  // Concurrent: most cases wait out a timeout, which costs wall-clock time, not CPU.
  it.concurrent.for(table.map((row) => [`${row.fault.name} · ${row.cache} cache · ${row.route} → ${row.outcome.status} ${row.outcome.error ?? ''}`, row] as const))('%s', async ([, { fault, cache, route, outcome }], { expect }) => {
    const { clock, secrets, logs, send, setFault } = await world(cache);
    setFault(fault);

    const answer = await send(route);
    expect(answer.elapsedMs).toBeLessThan(SETTLE_BOUND_MS);
    expect(answer.status).toBe(outcome.status);
    if (outcome.status !== 200) {
      expect(answer.body).toEqual({ error: outcome.error, message: expect.any(String), ...(outcome.errcode === undefined ? {} : { errcode: outcome.errcode }) });
      if (fault.kind === 'errcode' && outcome.status === 502) expect(answer.body.message).toContain(`errcode ${outcome.errcode}`);
    }
    // No loop: a busy WeChat is asked three times, a refused token is refreshed once (normal
    // mode, then forced when the same token comes back) and the call retried once.
    expect(answer.upstreamCalls).toBeLessThanOrEqual(fault.errcode === -1 ? 3 : 4);

    // The fault clears.
    setFault(null);
    if (outcome.remembered) {
      const again = await send(route);
      expect({ status: again.status, body: again.body, upstreamCalls: again.upstreamCalls }).toEqual({ status: answer.status, body: answer.body, upstreamCalls: 0 });
      clock.advance(REMEMBER_MS);
    }
    const recovered = await send(route);
    expect(recovered.status, recovered.text).toBe(200);

    for (const output of [answer.text, JSON.stringify([...answer.headers]), ...logs]) {
      expect(secrets.foundIn(output), `a secret in ${output}`).toBeNull();
    }
  });
});
