// A stand-in for api.weixin.qq.com with the behaviour the server part has to cope with: 7200 s
// lifetimes, a new token knocking the old one out after a grace period, a daily quota, wrong
// secrets, busy answers and slow answers on demand, tokens revoked behind the client's back,
// and codes that decrypt the way the simulator's addCard / chooseCard hand them out.
import { HttpError } from '../../server/errors/HttpError';
import { jsonResponse, readJsonObject } from '../../server/http/json';
import { randomString } from '../../server/nonce';
import { decryptSimulatedCode } from '../codes';

export interface StandInApp {
  appId: string;
  appSecret: string;
}

export interface WeChatApiStandInOptions {
  /** The apps it knows; or a single `appId` / `appSecret`. */
  apps?: StandInApp[];
  appId?: string;
  appSecret?: string;
  /** Milliseconds since the epoch; a simulated clock makes expiry and the daily quota testable. */
  clock?: () => number;
  /** Token calls (token and stable_token) per app per day before errcode 45009; default 2000. */
  dailyTokenQuota?: number;
  /** stable_token calls with `force_refresh: true` per app per day before errcode 45009; default 20, as WeChat's. */
  dailyForceRefreshQuota?: number;
  /** getticket calls per app per day before errcode 45009; default 100000. */
  dailyTicketQuota?: number;
  /** How long a replaced token keeps working, and how early a stable token or ticket is renewed; default 5 minutes. */
  graceMs?: number;
  /** `expires_in` of tokens and tickets; default 7200. */
  expiresInSeconds?: number;
}

/** A scripted misbehaviour for the next matching call(s). */
export interface StandInFault {
  /** e.g. `'cgi-bin/ticket/getticket'`; every path when omitted. */
  path?: string;
  /** Answer with this errcode instead of doing the call (e.g. -1 busy, 40001, 45009). */
  errcode?: number;
  errmsg?: string;
  /** Answer this much later (wall-clock ms); an aborted request is abandoned. */
  delayMs?: number;
  /** How many calls it applies to; default 1. */
  times?: number;
}

/** Calls received per API (errors included), for asserting how often a client went upstream. */
export interface StandInCounters {
  token: number;
  /** Every stable_token call, forced or not. */
  stableToken: number;
  /** The stable_token calls with `force_refresh: true` (those an injected fault answered excepted). */
  stableTokenForced: number;
  jsapiTicket: number;
  cardTicket: number;
  decrypt: number;
  consume: number;
  /** Every request, including unknown paths. */
  total: number;
}

export type TicketType = 'jsapi' | 'wx_card';

export interface WeChatApiStandIn {
  /** A `fetch` that answers in-process: pass it as `fetch` to createWeChatApi, no socket needed. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The same as a Fetch API handler, for serving over HTTP (see startWeChatApiStandIn). */
  handle(request: Request): Promise<Response>;
  readonly counters: Readonly<StandInCounters>;
  /**
   * The tickets getticket hands out now (issuing them if none is live), e.g. for the browser
   * simulator to check the signatures the merchant server makes.
   */
  currentTickets(appId?: string): Record<TicketType, string>;
  /** Whether WeChat would still accept this ticket (a renewed ticket overlaps its predecessor). */
  isTicketValid(appId: string, type: TicketType, ticket: string): boolean;
  injectFault(fault: StandInFault): void;
  /**
   * WeChat stops accepting this access_token (40001), as after a security reset on the
   * platform, while stable_token in normal mode keeps handing it out until it is due for
   * renewal: only `force_refresh: true` gets a new one.
   */
  revokeToken(accessToken: string): void;
  /** Forget every token, ticket, consumed code, quota count, fault and counter. */
  reset(): void;
}

interface Grant {
  appId: string;
  expiresAt: number;
  revokedAt: number;
}
interface Ticket {
  value: string;
  expiresAt: number;
}
interface AppState {
  appId: string;
  secret: string;
  token?: string;
  stableToken?: string;
  /** Live tickets, oldest first, and how many were ever issued (the seed of the next one). */
  tickets: Record<TicketType, Ticket[]>;
  ticketSerial: Record<TicketType, number>;
  quotaDay: number;
  tokenCalls: number;
  forceRefreshCalls: number;
  /** When stable_token last issued a token on force_refresh. */
  lastForcedAt: number;
  ticketCalls: number;
  consumed: Set<string>;
}

const DAY_MS = 86_400_000;
// WeChat refreshes on force_refresh only this long after the previous forced refresh.
const FORCE_REFRESH_SPACING_MS = 30_000;
const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40056: 'invalid serial code',
  40097: 'invalid args',
  40099: 'invalid code, this code has consumed.',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  47001: 'data format error',
};

class WeChatError extends Error {
  constructor(readonly errcode: number) {
    super(ERRMSG[errcode] ?? 'error');
  }
}

/** The same string every time for the same seed: FNV-1a into a xorshift generator. */
function seededString(seed: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state & 63];
  }
  return out;
}

/** A pseudo card_id or openid for a code, stable across calls. */
const derivedId = (prefix: string, seed: string) => prefix + seededString(seed, 27);

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createWeChatApiStandIn(options: WeChatApiStandInOptions = {}): WeChatApiStandIn {
  const apps = options.apps ?? (options.appId && options.appSecret ? [{ appId: options.appId, appSecret: options.appSecret }] : []);
  if (apps.length === 0) throw new TypeError('wx-coupon: createWeChatApiStandIn needs apps: [{ appId, appSecret }] (or appId and appSecret).');
  const clock = options.clock ?? Date.now;
  const tokenQuota = options.dailyTokenQuota ?? 2000;
  const forceRefreshQuota = options.dailyForceRefreshQuota ?? 20;
  const ticketQuota = options.dailyTicketQuota ?? 100_000;
  const graceMs = options.graceMs ?? 5 * 60_000;
  const lifetimeMs = (options.expiresInSeconds ?? 7200) * 1000;

  const counters: StandInCounters = { token: 0, stableToken: 0, stableTokenForced: 0, jsapiTicket: 0, cardTicket: 0, decrypt: 0, consume: 0, total: 0 };
  let state = new Map<string, AppState>();
  let grants = new Map<string, Grant>();
  let faults: Array<StandInFault & { times: number }> = [];

  function reset() {
    for (const key of Object.keys(counters) as Array<keyof StandInCounters>) counters[key] = 0;
    state = new Map(
      apps.map(({ appId, appSecret }) => [
        appId,
        {
          appId,
          secret: appSecret,
          tickets: { jsapi: [], wx_card: [] },
          ticketSerial: { jsapi: 0, wx_card: 0 },
          quotaDay: -1,
          tokenCalls: 0,
          forceRefreshCalls: 0,
          lastForcedAt: -Infinity,
          ticketCalls: 0,
          consumed: new Set<string>(),
        },
      ]),
    );
    grants = new Map();
    faults = [];
  }
  reset();

  function app(appId: string): AppState {
    const found = state.get(appId);
    if (!found) throw new WeChatError(40013);
    const day = Math.floor(clock() / DAY_MS);
    if (found.quotaDay !== day) Object.assign(found, { quotaDay: day, tokenCalls: 0, forceRefreshCalls: 0, ticketCalls: 0 });
    return found;
  }

  function known(appId: string): AppState {
    const found = state.get(appId);
    if (!found) throw new TypeError(`wx-coupon: the stand-in does not know appId ${appId}.`);
    return found;
  }

  function authenticate(params: Record<string, unknown>): AppState {
    if (params.grant_type !== 'client_credential') throw new WeChatError(40002);
    const found = app(String(params.appid ?? ''));
    if (params.secret !== found.secret) throw new WeChatError(40125);
    if (found.tokenCalls >= tokenQuota) throw new WeChatError(45009);
    found.tokenCalls++;
    return found;
  }

  function grant(appId: string): string {
    const now = clock();
    // Forget tokens a day after they died; until then they still answer 42001 / 40001 like WeChat's.
    for (const [value, old] of grants) if (Math.min(old.expiresAt, old.revokedAt) + DAY_MS <= now) grants.delete(value);
    const value = `${Math.floor(now / 1000).toString(36)}_${randomString(100)}`;
    grants.set(value, { appId, expiresAt: now + lifetimeMs, revokedAt: Infinity });
    return value;
  }

  const expiresIn = (expiresAt: number) => Math.max(0, Math.floor((expiresAt - clock()) / 1000));
  const tokenAnswer = (accessToken: string, expiresAt: number) => ({ access_token: accessToken, expires_in: expiresIn(expiresAt) });

  /** cgi-bin/token: a new token every call; the previous one works for another graceMs. */
  function token(params: Record<string, unknown>) {
    const found = authenticate(params);
    const previous = found.token === undefined ? undefined : grants.get(found.token);
    if (previous) previous.revokedAt = Math.min(previous.revokedAt, clock() + graceMs);
    found.token = grant(found.appId);
    return tokenAnswer(found.token, clock() + lifetimeMs);
  }

  /**
   * cgi-bin/stable_token: in normal mode the same token until graceMs before it expires, even
   * one WeChat no longer accepts (see revokeToken). force_refresh revokes it at once and issues
   * a new one; like WeChat's, it is limited per day, and a second one within 30 s of the last
   * hands back the current token without refreshing.
   */
  function stableToken(params: Record<string, unknown>) {
    const force = params.force_refresh === true;
    if (force) counters.stableTokenForced++;
    const found = authenticate(params);
    const current = found.stableToken === undefined ? undefined : grants.get(found.stableToken);
    const now = clock();
    if (force) {
      if (found.forceRefreshCalls >= forceRefreshQuota) throw new WeChatError(45009);
      found.forceRefreshCalls++;
    }
    const renew = force ? now - found.lastForcedAt >= FORCE_REFRESH_SPACING_MS : !current || current.expiresAt - now <= graceMs;
    if (current && !renew) return tokenAnswer(found.stableToken as string, current.expiresAt);
    if (current && force) current.revokedAt = Math.min(current.revokedAt, now);
    if (force) found.lastForcedAt = now;
    found.stableToken = grant(found.appId);
    return tokenAnswer(found.stableToken, now + lifetimeMs);
  }

  function appOfToken(accessToken: string | null): AppState {
    if (!accessToken) throw new WeChatError(41001);
    const found = grants.get(accessToken);
    const now = clock();
    if (!found) throw new WeChatError(40001);
    if (found.expiresAt <= now) throw new WeChatError(42001);
    if (found.revokedAt <= now) throw new WeChatError(40001);
    return app(found.appId);
  }

  /** The live ticket, renewed graceMs before it expires; the old one stays valid until its own expiry. */
  function liveTicket(found: AppState, type: TicketType): Ticket {
    const issued = found.tickets[type];
    const latest = issued[issued.length - 1];
    const now = clock();
    if (latest && latest.expiresAt - now > graceMs) return latest;
    const serial = found.ticketSerial[type]++;
    const ticket = { value: seededString(`${found.appId}|${type}|${serial}`, type === 'jsapi' ? 86 : 28), expiresAt: now + lifetimeMs };
    found.tickets[type] = [...issued.filter((old) => old.expiresAt > now), ticket];
    return ticket;
  }

  function getTicket(url: URL) {
    const found = appOfToken(url.searchParams.get('access_token'));
    const type = url.searchParams.get('type');
    if (type !== 'jsapi' && type !== 'wx_card') throw new WeChatError(40097);
    if (found.ticketCalls >= ticketQuota) throw new WeChatError(45009);
    found.ticketCalls++;
    const ticket = liveTicket(found, type);
    return { errcode: 0, errmsg: 'ok', ticket: ticket.value, expires_in: expiresIn(ticket.expiresAt) };
  }

  function decrypt(url: URL, body: Record<string, unknown>) {
    appOfToken(url.searchParams.get('access_token'));
    if (typeof body.encrypt_code !== 'string') throw new WeChatError(40097);
    const code = decryptSimulatedCode(body.encrypt_code);
    if (code === null) throw new WeChatError(40056);
    return { errcode: 0, errmsg: 'ok', code };
  }

  function consume(url: URL, body: Record<string, unknown>) {
    const found = appOfToken(url.searchParams.get('access_token'));
    const code = body.code;
    if (typeof code !== 'string' || !/^[\w-]{1,64}$/.test(code)) throw new WeChatError(40056);
    if (found.consumed.has(code)) throw new WeChatError(40099);
    found.consumed.add(code);
    const cardId = typeof body.card_id === 'string' ? body.card_id : derivedId('p', `card|${code}`);
    return { errcode: 0, errmsg: 'ok', card: { card_id: cardId }, openid: derivedId('o', `openid|${code}`) };
  }

  type Api = { method: 'GET' | 'POST'; counter: keyof StandInCounters | ((url: URL) => keyof StandInCounters | null); run(url: URL, body: Record<string, unknown>): object };
  const routes = new Map<string, Api>([
    ['cgi-bin/token', { method: 'GET', counter: 'token', run: (url) => token(Object.fromEntries(url.searchParams)) }],
    ['cgi-bin/stable_token', { method: 'POST', counter: 'stableToken', run: (_url, body) => stableToken(body) }],
    [
      'cgi-bin/ticket/getticket',
      {
        method: 'GET',
        counter: (url) => ({ jsapi: 'jsapiTicket', wx_card: 'cardTicket' } as const)[url.searchParams.get('type') as TicketType] ?? null,
        run: getTicket,
      },
    ],
    ['card/code/decrypt', { method: 'POST', counter: 'decrypt', run: decrypt }],
    ['card/code/consume', { method: 'POST', counter: 'consume', run: consume }],
  ]);

  async function handle(request: Request): Promise<Response> {
    counters.total++;
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/+/, '');
    const api = routes.get(path);
    if (!api) return jsonResponse(404, { errcode: 404, errmsg: `no such API: ${path}` });
    const counter = typeof api.counter === 'function' ? api.counter(url) : api.counter;
    if (counter) counters[counter]++;

    const fault = faults.find((candidate) => candidate.path === undefined || candidate.path === path);
    if (fault) {
      if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.delayMs) await delay(fault.delayMs, request.signal);
      if (fault.errcode !== undefined) return jsonResponse(200, { errcode: fault.errcode, errmsg: fault.errmsg ?? ERRMSG[fault.errcode] ?? 'error' });
    }

    try {
      if (request.method !== api.method) throw new WeChatError(api.method === 'GET' ? 43001 : 43002);
      let body: Record<string, unknown> = {};
      if (api.method === 'POST') {
        try {
          body = await readJsonObject(request, 64 * 1024);
        } catch (error) {
          if (error instanceof HttpError) throw new WeChatError(47001);
          throw error;
        }
      }
      return jsonResponse(200, api.run(url, body));
    } catch (error) {
      if (error instanceof WeChatError) return jsonResponse(200, { errcode: error.errcode, errmsg: error.message });
      throw error;
    }
  }

  return {
    handle,
    fetch: (input, init) => handle(new Request(input, init)),
    counters,
    currentTickets(appId = (apps[0] as StandInApp).appId) {
      const found = known(appId);
      return { jsapi: liveTicket(found, 'jsapi').value, wx_card: liveTicket(found, 'wx_card').value };
    },
    isTicketValid(appId, type, ticket) {
      const now = clock();
      return known(appId).tickets[type].some((issued) => issued.value === ticket && issued.expiresAt > now);
    },
    injectFault(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    revokeToken(accessToken) {
      const found = grants.get(accessToken);
      if (!found) throw new TypeError('wx-coupon: the stand-in never issued this access_token.');
      found.revokedAt = Math.min(found.revokedAt, clock());
    },
    reset,
  };
}
