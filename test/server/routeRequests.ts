// One well-formed request per route that reaches WeChat, and a timed send, for the fault tests.
import type { WeChatApiStandIn } from '../../src/simulator/api';

export const ROUTES = ['signature', 'card-ext', 'card-sign', 'decrypt', 'consume'] as const;
export type Route = (typeof ROUTES)[number];
export const PAGE = 'https://m.example.com/coupon?id=1';

/**
 * Requests for each route; decrypt and consume get a fresh code the stand-in issued each time
 * (a consumed one stays consumed, and the stand-in knows no code it did not issue).
 */
export function routeRequests(standIn: Pick<WeChatApiStandIn, 'issueCode'>): (route: Route) => Request {
  let serial = 0;
  const post = (route: string, body: unknown) =>
    new Request(`http://localhost/api/wx/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (route) => {
    const code = `${++serial}${'0'.repeat(6)}`;
    switch (route) {
      case 'signature':
        return new Request(`http://localhost/api/wx/signature?url=${encodeURIComponent(PAGE)}`);
      case 'card-ext':
        return post('card-ext', { cardId: 'pCard-1', outerStr: 'poster' });
      case 'card-sign':
        return post('card-sign', { shopId: 1001, cardType: 'CASH' });
      case 'decrypt':
        return post('decrypt', { encryptCode: standIn.issueCode({ code, cardId: 'pCard-1' }).encryptCode });
      case 'consume':
        return post('consume', { code: standIn.issueCode({ code, cardId: 'pCard-1' }).code, cardId: 'pCard-1' });
    }
  };
}

export interface TimedAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
  elapsedMs: number;
}

/** The handler's answer and how long it took; a request still open after 10 s fails the test. */
export async function timedSend(handler: (request: Request) => Promise<Response>, request: Request): Promise<TimedAnswer> {
  const started = performance.now();
  let guard: ReturnType<typeof setTimeout> | undefined;
  const response = await Promise.race([
    handler(request),
    new Promise<never>((_, reject) => (guard = setTimeout(() => reject(new Error(`${request.method} ${request.url} did not settle within 10 s`)), 10_000))),
  ]).finally(() => clearTimeout(guard));
  const elapsedMs = performance.now() - started;
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: response.headers, elapsedMs };
}
