// The stand-in's access tokens and tickets: 7200 s lifetimes, a new token knocking the old
// one out after a grace period, daily quotas, wrong secrets, tokens revoked behind the
// client's back.
import { randomString } from '../../server/nonce';
import { WeChatError } from './errcodes';
import { seededString } from './seeded';

export interface StandInApp {
  appId: string;
  appSecret: string;
}

export type TicketType = 'jsapi' | 'wx_card';

export interface CredentialOptions {
  apps: StandInApp[];
  clock: () => number;
  dailyTokenQuota?: number;
  dailyForceRefreshQuota?: number;
  dailyTicketQuota?: number;
  graceMs?: number;
  expiresInSeconds?: number;
  /** Counts the stable_token calls with force_refresh that reach the quota check. */
  onForcedRefresh(): void;
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
}

const DAY_MS = 86_400_000;
// WeChat refreshes on force_refresh only this long after the previous forced refresh.
const FORCE_REFRESH_SPACING_MS = 30_000;

export type Credentials = ReturnType<typeof createCredentials>;

export function createCredentials(options: CredentialOptions) {
  const { apps, clock } = options;
  const tokenQuota = options.dailyTokenQuota ?? 2000;
  const forceRefreshQuota = options.dailyForceRefreshQuota ?? 20;
  const ticketQuota = options.dailyTicketQuota ?? 100_000;
  const graceMs = options.graceMs ?? 5 * 60_000;
  const lifetimeMs = (options.expiresInSeconds ?? 7200) * 1000;

  let state = new Map<string, AppState>();
  let grants = new Map<string, Grant>();

  function reset() {
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
        },
      ]),
    );
    grants = new Map();
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
    if (force) options.onForcedRefresh();
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

  /** The appId an access_token belongs to, or WeChat's errcode for a missing, unknown, expired or revoked one. */
  function appOfToken(accessToken: string | null): string {
    if (!accessToken) throw new WeChatError(41001);
    const found = grants.get(accessToken);
    const now = clock();
    if (!found) throw new WeChatError(40001);
    if (found.expiresAt <= now) throw new WeChatError(42001);
    if (found.revokedAt <= now) throw new WeChatError(40001);
    return app(found.appId).appId;
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
    const found = app(appOfToken(url.searchParams.get('access_token')));
    const type = url.searchParams.get('type');
    if (type !== 'jsapi' && type !== 'wx_card') throw new WeChatError(40097);
    if (found.ticketCalls >= ticketQuota) throw new WeChatError(45009);
    found.ticketCalls++;
    const ticket = liveTicket(found, type);
    return { errcode: 0, errmsg: 'ok', ticket: ticket.value, expires_in: expiresIn(ticket.expiresAt) };
  }

  return {
    reset,
    token,
    stableToken,
    getTicket,
    appOfToken,
    /** Throws a TypeError (a programming mistake, not a WeChat answer) for an app it does not know. */
    knownAppId: (appId: string) => known(appId).appId,
    currentTickets(appId: string): Record<TicketType, string> {
      const found = known(appId);
      return { jsapi: liveTicket(found, 'jsapi').value, wx_card: liveTicket(found, 'wx_card').value };
    },
    /** The tickets WeChat still accepts, newest last (issuing one if none is live). */
    liveTickets(appId: string, type: TicketType): string[] {
      const found = known(appId);
      liveTicket(found, type);
      const now = clock();
      return found.tickets[type].filter((issued) => issued.expiresAt > now).map((issued) => issued.value);
    },
    isTicketValid(appId: string, type: TicketType, ticket: string): boolean {
      const now = clock();
      return known(appId).tickets[type].some((issued) => issued.value === ticket && issued.expiresAt > now);
    },
    revokeToken(accessToken: string) {
      const found = grants.get(accessToken);
      if (!found) throw new TypeError('wx-coupon: the stand-in never issued this access_token.');
      found.revokedAt = Math.min(found.revokedAt, clock());
    },
  };
}
