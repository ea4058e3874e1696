// The merchant's server for browser tests: the wire contract of spec §7, signing with the
// real sign functions, served to the page as `fetch`. Faults can be injected per route, and
// changed or cleared while the page stays open (`setFault`).
import { vi } from 'vitest';
import { signCardExt, signChooseCard, signJsapi } from '../../src/server/sign';
import { APP_ID, CARD_TICKET, JSAPI_TICKET } from './browserPage';

export type Route = 'signature' | 'card-ext' | 'card-sign';
/**
 * http500 / http403: an error answer with `{ error, message }`; junk: 200 with HTML; hang: never
 * answers (until the page aborts); slow: answers correctly after `slowMs` unless the page
 * aborts first; network: fetch rejects, as offline; missing-fields: 200 with a partial body.
 */
export type Fault = 'http500' | 'http403' | 'junk' | 'hang' | 'slow' | 'network' | 'missing-fields';

export interface MerchantServerOptions {
  jsapiTicket?: string;
  cardApiTicket?: string;
  /** Epoch ms, or null for no expiresAt. Default: an hour from now. */
  expiresAt?: number | null;
  /** How far the server's clock runs ahead of the device's (ms): signatures carry its timestamps. */
  clockOffsetMs?: number;
  faults?: Partial<Record<Route, Fault>>;
  /** How long a 'slow' route takes to answer (ms). Default 1000. */
  slowMs?: number;
  /** Called as each request arrives, before it is answered (e.g. to navigate mid-flight). */
  onRequest?: (request: LoggedRequest) => void;
}

export interface LoggedRequest {
  route: Route;
  url: string;
  body?: Record<string, unknown>;
}

export interface MerchantServer {
  requests: LoggedRequest[];
  /** Sets the fault of a route from now on; `undefined` clears it. */
  setFault(route: Route, fault: Fault | undefined): void;
}

export function serveMerchant(options: MerchantServerOptions = {}): MerchantServer {
  const requests: LoggedRequest[] = [];
  const faults: Partial<Record<Route, Fault>> = { ...options.faults };
  let counter = 0;
  const nonce = () => `nonce${++counter}${Math.random().toString(36).slice(2, 8)}`;
  const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

  const answer = async (route: Route, url: URL, body: Record<string, unknown>): Promise<unknown> => {
    const timestamp = Math.floor((Date.now() + (options.clockOffsetMs ?? 0)) / 1000);
    if (route === 'signature') {
      const nonceStr = nonce();
      const pageUrl = url.searchParams.get('url') ?? '';
      const signature = await signJsapi({ ticket: options.jsapiTicket ?? JSAPI_TICKET, nonceStr, timestamp, url: pageUrl });
      const expiresAt = options.expiresAt === undefined ? Date.now() + 3_600_000 : options.expiresAt;
      return { appId: APP_ID, timestamp, nonceStr, signature, ...(expiresAt === null ? {} : { expiresAt }) };
    }
    if (route === 'card-ext') {
      const nonceStr = nonce();
      const cardId = String(body.cardId);
      const signature = await signCardExt({ apiTicket: options.cardApiTicket ?? CARD_TICKET, cardId, timestamp, nonceStr });
      return { cardExt: JSON.stringify({ timestamp: String(timestamp), nonce_str: nonceStr, signature, ...(body.outerStr ? { outer_str: body.outerStr } : {}) }) };
    }
    const nonceStr = nonce();
    const cardSign = await signChooseCard({ apiTicket: options.cardApiTicket ?? CARD_TICKET, appId: APP_ID, timestamp, nonceStr, shopId: body.shopId as string, cardType: body.cardType as string, cardId: body.cardId as string });
    return { timestamp, nonceStr, cardSign, signType: 'SHA1' };
  };

  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const route = url.pathname.split('/').pop() as Route;
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const request: LoggedRequest = { route, url: url.href, body };
    requests.push(request);
    options.onRequest?.(request);
    const aborted = () =>
      new Promise<never>((_, reject) => {
        if (init?.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    switch (faults[route]) {
      case 'http500':
        return json({ error: 'internal', message: 'boom' }, 500);
      case 'http403':
        return json({ error: 'url_not_allowed', message: 'this page is not on the allowed list' }, 403);
      case 'junk':
        return new Response('<html>not json</html>', { status: 200 });
      case 'network':
        throw new TypeError('Failed to fetch');
      case 'missing-fields':
        return json({ timestamp: 1 });
      case 'hang':
        return aborted();
      case 'slow': {
        const late = new Promise<void>((resolve) => setTimeout(resolve, options.slowMs ?? 1000));
        await Promise.race([late, aborted()]);
        break;
      }
    }
    return json(await answer(route, url, body ?? {}));
  });
  return {
    requests,
    setFault(route, fault) {
      if (fault === undefined) delete faults[route];
      else faults[route] = fault;
    },
  };
}
