// The merchant's server for browser tests: the real createCouponHandler (wx-coupon/server) over
// the page's WeChat API stand-in (see browserPage.ts), served to the page as `fetch`. What it
// answers is what a merchant's server answers, in the wire contract's types (src/contract.ts).
// Faults are a wrapper around it, per route, and can be changed or cleared while the page stays
// open (`setFault`); an error fault answers through the handler's own error path.
import { vi } from 'vitest';
import type { CouponErrorResponse, CouponRoute, CouponRoutes } from '../../src/contract';
import { createCouponHandler, createWeChatApi, type CouponApi, type CouponHandlerOptions, type CredentialName } from '../../src/server';
import { HttpError } from '../../src/server/errors/HttpError';
import { errorResponse } from '../../src/server/http/errorResponse';
import { jsonResponse } from '../../src/server/http/json';
import { silentLogger } from '../../src/server/logger';
import type { WeChatApiStandIn } from '../../src/simulator/api';
import { APP_ID, APP_SECRET, pageStandIn, STAND_IN_PATH } from './browserPage';

export type Route = CouponRoute;
/**
 * Wrapped around the real handler:
 * http500: the handler's own 500 `internal_error` answer (as when a hook of the merchant's threw);
 * http403: its 403 refusal (`url_not_allowed` for the signature, `card_not_allowed` for the card routes);
 * junk: 200 with an HTML page (a proxy's error page); missing-fields: 200 with `{ timestamp: 1 }`;
 * hang: never answers (until the page aborts); slow: the real answer after `slowMs`, unless the
 * page aborts first; network: fetch rejects, as offline.
 */
export type Fault = 'http500' | 'http403' | 'junk' | 'hang' | 'slow' | 'network' | 'missing-fields';

/** The stand-in's token and ticket lifetime (its default expires_in, 7200 s). */
const TICKET_LIFETIME_MS = 7_200_000;

export interface MerchantServerOptions {
  /** Sign wx.config with this ticket instead of the one WeChat (the stand-in) issued: one WeChat does not accept. */
  jsapiTicket?: string;
  /** Sign card_ext and chooseCard with this instead of WeChat's card api_ticket. */
  cardApiTicket?: string;
  /**
   * How long after the first signature request its signatures say they may be reused (their
   * `expiresAt`, on the server's clock): sets the handler's signatureMarginMs to match. `null`:
   * the answer carries no expiresAt, as another server's may not. Default: the handler's own.
   */
  signatureLifetimeMs?: number | null;
  /** How far the server's clock runs ahead of the device's (ms): the handler's and the API client's clock. */
  clockOffsetMs?: number;
  faults?: Partial<Record<Route, Fault>>;
  /** How long a 'slow' route takes to answer (ms). Default 1000. */
  slowMs?: number;
  /** Called as each request arrives, before it is answered (e.g. to navigate mid-flight). */
  onRequest?: (request: LoggedRequest) => void;
  /** More createCouponHandler options (allowedCardIds, authorizeConsume…). */
  handler?: Partial<CouponHandlerOptions>;
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
  /** The WeChat API stand-in the handler calls (the page's: the simulator checks signatures with its tickets). */
  standIn: WeChatApiStandIn;
  /** The handler itself, unwrapped. */
  handler: (request: Request) => Promise<Response>;
}

const FIXED_TICKETS: Partial<Record<CredentialName, keyof MerchantServerOptions>> = { jsapi_ticket: 'jsapiTicket', wx_card_ticket: 'cardApiTicket' };

/** A ticket of the test's instead of WeChat's, where the options give one: a server signing with a ticket WeChat refuses. */
function withTickets(api: CouponApi, options: MerchantServerOptions): CouponApi {
  return {
    ...api,
    async credential(name) {
      const fixed = FIXED_TICKETS[name] && options[FIXED_TICKETS[name]];
      const real = await api.credential(name);
      return typeof fixed === 'string' ? { ...real, value: fixed } : real;
    },
  };
}

const isRoute = (name: string): name is Route => ['signature', 'card-ext', 'card-sign', 'decrypt', 'consume'].includes(name);

export function serveMerchant(options: MerchantServerOptions = {}): MerchantServer {
  const standIn = pageStandIn();
  const requests: LoggedRequest[] = [];
  const faults: Partial<Record<Route, Fault>> = { ...options.faults };
  const clock = () => Date.now() + (options.clockOffsetMs ?? 0);
  // clockSkewMs 0: a ticket's expiry is its fetch time + expires_in, so signatureLifetimeMs is exact.
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch, clock, clockSkewMs: 0 });
  const lifetime = options.signatureLifetimeMs;
  const handler = createCouponHandler({
    api: withTickets(api, options),
    appId: APP_ID,
    allowedUrls: [location.origin],
    clock,
    ...(typeof lifetime === 'number' ? { signatureMarginMs: TICKET_LIFETIME_MS - lifetime } : {}),
    ...options.handler,
  });

  /** The handler's answer, with what `signatureLifetimeMs: null` takes out of it. */
  async function answer(route: Route, request: Request): Promise<Response> {
    const response = await handler(request);
    if (route !== 'signature' || lifetime !== null || !response.ok) return response;
    const { expiresAt: _, ...rest } = (await response.json()) as CouponRoutes['signature']['response'];
    return new Response(JSON.stringify(rest), { status: response.status, headers: response.headers });
  }

  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    // The simulator's calls to the stand-in (pages opened with standInUrl) go to the stand-in.
    if (url.origin === location.origin && url.pathname.startsWith(`${STAND_IN_PATH}/`)) return standIn.handle(new Request(url, init));
    const name = url.pathname.split('/').pop() ?? '';
    if (url.origin !== location.origin || !url.pathname.startsWith('/api/wx/') || !isRoute(name)) return realFetch(input, init);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const logged: LoggedRequest = { route: name, url: url.href, body };
    requests.push(logged);
    options.onRequest?.(logged);
    const aborted = () =>
      new Promise<never>((_, reject) => {
        if (init?.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    switch (faults[name]) {
      case 'http500':
        return errorResponse(new Error('a hook of the merchant’s threw'), silentLogger);
      case 'http403':
        return name === 'signature'
          ? errorResponse(new HttpError(403, 'url_not_allowed' satisfies CouponErrorResponse['error'], `Pages on ${location.origin} are not signed here.`), silentLogger)
          : errorResponse(new HttpError(403, 'card_not_allowed' satisfies CouponErrorResponse['error'], 'This card is not handed out here.'), silentLogger);
      case 'junk':
        return new Response('<html>not json</html>', { status: 200 });
      case 'network':
        throw new TypeError('Failed to fetch');
      case 'missing-fields':
        return jsonResponse(200, { timestamp: 1 });
      case 'hang':
        return aborted();
      case 'slow': {
        const late = new Promise<void>((resolve) => setTimeout(resolve, options.slowMs ?? 1000));
        await Promise.race([late, aborted()]);
        break;
      }
    }
    return answer(name, new Request(url, init));
  });
  return {
    requests,
    standIn,
    handler,
    setFault(route, fault) {
      if (fault === undefined) delete faults[route];
      else faults[route] = fault;
    },
  };
}
