// A stand-in for api.weixin.qq.com with the behaviour the server part has to cope with
// (tokens, tickets, quotas, faults: see credentials.ts) and the state a coupon lives
// through: cards under review, stock, the test whitelist, codes issued on add and tracked
// per openid, consumed, unavailable or deleted, QR codes, logos, and WeChat's card events.
// This file wires the modules and routes requests; each concept lives in its own module.
import { jsonResponse } from '../../server/http/json';
import type { StandInCardEvent, StandInCardEventSink } from './cardEvent';
import { createCardExtCheck } from './cardExtSignature';
import { createCardStore, type CardStatus } from './cardStore';
import { createCodeStore } from './codeStore';
import { createCredentials, type StandInApp, type TicketType } from './credentials';
import { WeChatError, errmsgOf } from './errcodes';
import { createMediaStore } from './media';
import { createQrCodes } from './qrcodes';
import { readForm, readJson } from './requestBody';
import { delay, derivedId } from './seeded';
import { createSimRoutes } from './simRoutes';
import { TEST_CARD_ID, testCard } from './testCard';
import { createUserCards, type AddResult, type SimulatedUser } from './userCards';
import { wechatRoutes, type StandInCounters } from './wechatRoutes';
import { createWhitelist, OPENID_PATTERN } from './whitelist';

export type { StandInApp, TicketType, StandInCounters, SimulatedUser, AddResult, CardStatus };

export interface WeChatApiStandInOptions {
  /** The apps it knows; or a single `appId` / `appSecret`. */
  apps?: StandInApp[];
  appId?: string;
  appSecret?: string;
  /** Milliseconds since the epoch; a simulated clock makes expiry, quotas and reviews testable. */
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
  /**
   * How long a new card (or one whose title or logo changed) stays CARD_STATUS_NOT_VERIFY
   * before it passes review, on the stand-in's clock; default 0 (passes at once). `null`:
   * only approve() / reject() decide, as when you want to try the test whitelist.
   */
  reviewDelayMs?: number | null;
  /** The simulated user of /__sim/ routes and QR scans when no openid is given; default a fixed openid per app. */
  simulatedUser?: Partial<SimulatedUser>;
  /**
   * Where the stand-in's pages (QR code pages) are reachable, e.g.
   * `http://localhost:5173/__wx-api`. Default: the request's protocol, Host header (or URL host)
   * and route prefix; in-process calls to https://api.weixin.qq.com need it to be reachable.
   */
  publicUrl?: string;
  /** A path prefix to strip, for mounting the stand-in under a dev server; default '/__wx-api'. */
  routePrefix?: string;
  /** Receives the card events WeChat would push to the merchant's server (審核, 领取, 删除, 核销, 库存报警…). */
  onCardEvent?: StandInCardEventSink;
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
  /**
   * Create a card as card/create would (same checks; WeChatError-shaped TypeError when refused),
   * without a token: for seeding tests and demos. `cardId` fixes its id; `approved` skips review.
   */
  createCard(card: object, options?: { appId?: string; cardId?: string; approved?: boolean }): string;
  /** Pass the review of a card under review now (card_pass_check). */
  approve(cardId: string): void;
  /** Fail the review of a card under review (card_not_pass_check with this RefuseReason). */
  reject(cardId: string, reason: string): void;
  /** A card's status now (CARD_STATUS_NOT_VERIFY, CARD_STATUS_VERIFY_OK…). */
  cardStatus(cardId: string): CardStatus;
  /** The simulated user adds a card, as batchAddCard would: the code, its encrypt_code, or is_succ 0 with the errcode. */
  addCard(input: { cardId: string; openid?: string; cardExt?: string | object; appId?: string }): AddResult;
  /**
   * For tests: a user holds this code (default a fresh one) of `cardId`, as after an add, with
   * no signature or review in the way. A cardId the stand-in does not know (or none) becomes an
   * approved custom-code test card with that id. A code the user already holds is handed back
   * (with a fresh encrypt_code). Returns what decrypt and consume need.
   */
  issueCode(input?: { code?: string; cardId?: string; openid?: string; outerStr?: string; appId?: string }): { cardId: string; code: string; encryptCode: string; openid: string };
  /** The simulated user's openid for an app (what /__sim/ routes use when given none). */
  simulatedOpenid(appId?: string): string;
  /** Forget every token, ticket, card, code, whitelist, image, quota count, fault and counter. */
  reset(): void;
}

const COUNTER_KEYS: Array<keyof StandInCounters> = ['token', 'stableToken', 'stableTokenForced', 'jsapiTicket', 'cardTicket', 'decrypt', 'consume', 'media', 'cards', 'qrcodes', 'codes', 'whitelist', 'simulator', 'total'];

export function createWeChatApiStandIn(options: WeChatApiStandInOptions = {}): WeChatApiStandIn {
  const apps = options.apps ?? (options.appId && options.appSecret ? [{ appId: options.appId, appSecret: options.appSecret }] : []);
  if (apps.length === 0) throw new TypeError('wx-coupon: createWeChatApiStandIn needs apps: [{ appId, appSecret }] (or appId and appSecret).');
  const clock = options.clock ?? Date.now;
  const defaultAppId = (apps[0] as StandInApp).appId;
  const prefix = (options.routePrefix ?? '/__wx-api').replace(/\/+$/, '');

  const counters = Object.fromEntries(COUNTER_KEYS.map((key) => [key, 0])) as unknown as StandInCounters;
  let faults: Array<StandInFault & { times: number }> = [];
  const emit: StandInCardEventSink = (event: StandInCardEvent) => {
    try {
      options.onCardEvent?.(event);
    } catch (error) {
      // A broken sink must not turn a WeChat answer into a crash; WeChat does not wait for the merchant either.
      console.error('[wx-coupon stand-in] onCardEvent threw', error);
    }
  };

  const credentials = createCredentials({ ...options, apps, clock, onForcedRefresh: () => counters.stableTokenForced++ });
  const cards = createCardStore({ clock, reviewDelayMs: options.reviewDelayMs === undefined ? 0 : options.reviewDelayMs, emit });
  const codes = createCodeStore();
  const whitelist = createWhitelist();
  const media = createMediaStore();
  const userCards = createUserCards({ clock, cards, codes, whitelist, emit });
  const qrcodes = createQrCodes({ clock, cards });
  const routes = wechatRoutes({ credentials, cards, userCards, qrcodes, whitelist, media });

  const simulatedOpenid = (appId = defaultAppId) => options.simulatedUser?.openid ?? derivedId('o', `${appId}|simulated-user`);
  function userOf(appId: string, openid?: unknown): SimulatedUser {
    if (openid !== undefined && openid !== null && openid !== '') {
      if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) throw new WeChatError(40003);
      return openid === simulatedOpenid(appId) ? { ...options.simulatedUser, openid } : { openid };
    }
    return { ...options.simulatedUser, openid: simulatedOpenid(appId) };
  }
  const cardExt = createCardExtCheck((appId) => credentials.liveTickets(appId, 'wx_card'));
  const sim = createSimRoutes({ cards, codes, userCards, qrcodes, media, cardExt, userOf });

  // On the real clock, reviews pass on time even when nobody calls (the event sink sees card_pass_check).
  let reviewTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleReview() {
    if (options.clock || reviewTimer) return;
    const next = cards.nextReviewAt();
    if (!Number.isFinite(next)) return;
    reviewTimer = setTimeout(() => {
      reviewTimer = undefined;
      cards.settleReviews();
      scheduleReview();
    }, Math.max(0, next - clock()));
    reviewTimer.unref?.();
  }

  function reset() {
    for (const key of COUNTER_KEYS) counters[key] = 0;
    credentials.reset();
    cards.reset();
    codes.reset();
    whitelist.reset();
    media.reset();
    qrcodes.reset();
    cardExt.reset();
    faults = [];
    clearTimeout(reviewTimer);
    reviewTimer = undefined;
  }

  async function handle(request: Request): Promise<Response> {
    counters.total++;
    const url = new URL(request.url);
    let path = url.pathname;
    let mountedAt = '';
    if (prefix && (path === prefix || path.startsWith(`${prefix}/`))) {
      path = path.slice(prefix.length);
      mountedAt = prefix;
    }
    path = path.replace(/^\/+/, '');
    // The Host header when a server passed it on (toNodeListener builds its URLs on localhost),
    // so that show_qrcode_url points where the client reached the stand-in.
    const host = request.headers.get('host') ?? url.host;
    const base = (options.publicUrl ?? `${url.protocol}//${host}${mountedAt}`).replace(/\/+$/, '');

    if (path.startsWith('__sim/')) {
      counters.simulator++;
      const segments = path.slice('__sim/'.length).split('/').map(decodeURIComponent);
      const appId = url.searchParams.get('appid') ?? defaultAppId;
      if (!apps.some((app) => app.appId === appId)) return jsonResponse(200, { errcode: 40013, errmsg: errmsgOf(40013) });
      const answer = await sim.route({ url, request, segments, appId, base, readBody: () => readJson(request).catch(() => ({})) });
      scheduleReview();
      return answer;
    }

    const api = routes.get(path);
    if (!api) return jsonResponse(404, { errcode: 404, errmsg: `no such API: ${path}` });
    const counter = typeof api.counter === 'function' ? api.counter(url) : api.counter;
    if (counter) counters[counter]++;

    const fault = faults.find((candidate) => candidate.path === undefined || candidate.path === path);
    if (fault) {
      if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.delayMs) await delay(fault.delayMs, request.signal);
      if (fault.errcode !== undefined) return jsonResponse(200, { errcode: fault.errcode, errmsg: fault.errmsg ?? errmsgOf(fault.errcode) });
    }

    try {
      if (request.method !== api.method) throw new WeChatError(api.method === 'GET' ? 43001 : 43002);
      const mode = api.body ?? (api.method === 'POST' ? 'json' : undefined);
      const body = mode === 'json' ? await readJson(request) : {};
      const form = mode === 'multipart' ? await readForm(request) : undefined;
      const appId = api.authenticated ? credentials.appOfToken(url.searchParams.get('access_token')) : '';
      const answer = await api.run({ url, body, form, appId, base });
      scheduleReview();
      return jsonResponse(200, answer);
    } catch (error) {
      if (error instanceof WeChatError) return jsonResponse(200, { errcode: error.errcode, errmsg: error.message });
      throw error;
    }
  }

  const appOf = (appId = defaultAppId) => credentials.knownAppId(appId);
  const cardOf = (cardId: string) => {
    for (const app of apps) {
      try {
        return cards.find(app.appId, cardId);
      } catch {
        // another app's, or none
      }
    }
    throw new TypeError(`wx-coupon: the stand-in has no card ${cardId}.`);
  };

  return {
    handle,
    fetch: (input, init) => handle(new Request(input, init)),
    counters,
    currentTickets: (appId = defaultAppId) => credentials.currentTickets(appId),
    isTicketValid: (appId, type, ticket) => credentials.isTicketValid(appId, type, ticket),
    injectFault(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    revokeToken: (accessToken) => credentials.revokeToken(accessToken),
    createCard(card, { appId, cardId, approved } = {}) {
      let created;
      try {
        created = cards.create(appOf(appId), card, cardId);
      } catch (error) {
        if (error instanceof WeChatError) throw new TypeError(`wx-coupon: card/create would refuse this card: ${error.errcode} ${error.message}`, { cause: error });
        throw error;
      }
      if (approved && created.status === 'CARD_STATUS_NOT_VERIFY') cards.approve(created.cardId);
      scheduleReview();
      return created.cardId;
    },
    approve: (cardId) => cards.approve(cardId),
    reject: (cardId, reason) => cards.reject(cardId, reason),
    cardStatus: (cardId) => cardOf(cardId).status,
    addCard({ cardId, openid, cardExt, appId }) {
      const app = appOf(appId);
      return userCards.add(app, userOf(app, openid), [{ cardId, cardExt }])[0] as AddResult;
    },
    issueCode({ code, cardId = TEST_CARD_ID, openid, outerStr = '', appId } = {}) {
      const app = appOf(appId);
      let card = cards.all().find((found) => found.cardId === cardId);
      if (!card) card = cards.create(app, testCard(cardId), cardId);
      if (card.status === 'CARD_STATUS_NOT_VERIFY') cards.approve(card.cardId);
      const user = userOf(app, openid);
      const held = code === undefined ? undefined : codes.ofUser(app, user.openid).find((c) => c.code === code && c.cardId === card.cardId);
      if (held) return { cardId: card.cardId, code: held.code, encryptCode: codes.encrypt(app, held.code), openid: user.openid };
      const result = userCards.add(app, user, [{ cardId: card.cardId, cardExt: { code: code ?? codes.newCode(app), outer_str: outerStr } }])[0] as AddResult;
      if (!result.is_succ) throw new TypeError(`wx-coupon: issueCode could not add ${cardId}: ${result.errcode} ${result.errmsg}`);
      return { cardId: card.cardId, code: result.code as string, encryptCode: result.encrypt_code as string, openid: user.openid };
    },
    simulatedOpenid: (appId) => simulatedOpenid(appOf(appId)),
    reset,
  };
}
