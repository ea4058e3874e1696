// Clock skew around ticket expiry (expires_in 7200). WeChat says how long a ticket lives, not
// until when, so one process's constant offset from WeChat's clock cannot make it sign with an
// expired ticket. What can: processes sharing the store whose clocks disagree (each reads an
// expiry another wrote, on the writer's clock), and a clock stepped back during a ticket's life.
// Both are covered up to clockSkewMs (2 minutes by default: docs/server.md, "Clock skew"), also
// when WeChat is down and the cached ticket is served to its end. A token WeChat refuses as
// expired (42001) is refreshed once, not in a loop.
import { describe, expect, it } from 'vitest';
import { createCouponHandler, createWeChatApi, memoryStore, signCardExt, signJsapi, type TokenStore } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { captureSecrets } from './capturedSecrets';
import { APP_ID, APP_SECRET, HOUR, simulatedClock, encryptedBy } from './fixtures';
import { PAGE } from './routeRequests';

const MIN = 60_000;
const CLOCK_SKEW_MS = 2 * MIN; // the default clockSkewMs
const SIGNATURE_MARGIN_MS = 2 * MIN; // the handler's default signatureMarginMs

/** WeChat (the stand-in, on the "true" clock) and server processes whose clocks are offset from it. */
function world() {
  const wechat = simulatedClock();
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: wechat.now });
  const secrets = captureSecrets(APP_SECRET, standIn.fetch);
  let down = false; // getticket and token calls fail (WeChat unreachable from us)
  const fetch = (input: string, init?: RequestInit) =>
    down && !input.includes('card/code/') ? Promise.reject(new TypeError('fetch failed')) : secrets.fetch(input, init);
  // Shared between processes like Redis: entries expire after their TTL on the store's own clock.
  const redisLike = memoryStore({ clock: wechat.now });
  // Shared, but keeping entries past their TTL, as an eventually consistent KV store may.
  const lenientInner = memoryStore({ clock: wechat.now });
  const lenient: TokenStore = { get: (key) => lenientInner.get(key), set: (key, value) => lenientInner.set(key, value, 7 * 24 * HOUR), tryLock: (key, ttl) => lenientInner.tryLock(key, ttl) };
  const stores = { 'redis-like': redisLike, lenient, own: undefined }; // own: the default memory store, on the process's clock

  function process(offset: () => number, store: keyof typeof stores = 'own') {
    const clock = () => wechat.now() + offset();
    const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch, clock, store: stores[store], timeoutMs: 50 });
    const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'] });
    return {
      api,
      async signature() {
        const response = await handler(new Request(`http://localhost/api/wx/signature?url=${encodeURIComponent(PAGE)}`));
        return { status: response.status, body: (await response.json()) as Record<string, any> };
      },
      async cardExt() {
        const response = await handler(
          new Request('http://localhost/api/wx/card-ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardId: 'pCard-1' }) }),
        );
        return { status: response.status, body: (await response.json()) as Record<string, any> };
      },
    };
  }

  /** Whether WeChat accepts `ticket` at WeChat time `at` (now by default). */
  function acceptedAt(type: 'jsapi' | 'wx_card', ticket: string, at = wechat.now()): boolean {
    const now = wechat.now();
    wechat.set(at);
    try {
      return standIn.isTicketValid(APP_ID, type, ticket);
    } finally {
      wechat.set(now);
    }
  }

  /** The ticket (of those WeChat handed out) that made this wx.config signature. */
  async function jsapiTicketOf(body: Record<string, any>): Promise<string> {
    for (const ticket of secrets.values()) {
      if ((await signJsapi({ ticket, nonceStr: body.nonceStr, timestamp: body.timestamp, url: PAGE })) === body.signature) return ticket;
    }
    throw new Error('signed with a ticket WeChat never handed out');
  }

  async function cardTicketOf(body: Record<string, any>): Promise<string> {
    const ext = JSON.parse(body.cardExt) as Record<string, string>;
    for (const ticket of secrets.values()) {
      if ((await signCardExt({ apiTicket: ticket, cardId: 'pCard-1', timestamp: ext.timestamp!, nonceStr: ext.nonce_str! })) === ext.signature) return ticket;
    }
    throw new Error('card_ext signed with a ticket WeChat never handed out');
  }

  return {
    wechat,
    standIn,
    process,
    acceptedAt,
    jsapiTicketOf,
    cardTicketOf,
    setDown(value: boolean) {
      down = value;
    },
  };
}

describe('clock skew at ticket expiry', () => {
  it.each([-30 * MIN, -5 * MIN, -2 * MIN, 0, 2 * MIN, 4 * MIN, 5 * MIN, 30 * MIN])(
    'a process %i ms off WeChat\'s clock signs only with tickets WeChat accepts, over three ticket lifetimes',
    async (offset) => {
      const { wechat, process, acceptedAt, jsapiTicketOf, cardTicketOf } = world();
      const server = process(() => offset);
      for (let elapsed = 0; elapsed <= 6 * HOUR; elapsed += MIN) {
        const signature = await server.signature();
        expect(signature.status).toBe(200);
        const ticket = await jsapiTicketOf(signature.body);
        expect(acceptedAt('jsapi', ticket), `jsapi ticket at +${elapsed / MIN} min`).toBe(true);
        // A browser whose clock agrees with WeChat's reuses the signature until expiresAt: the
        // ticket must hold that long, unless this server's clock runs ahead by more than the margins.
        if (offset <= CLOCK_SKEW_MS + SIGNATURE_MARGIN_MS) expect(acceptedAt('jsapi', ticket, signature.body.expiresAt - 1)).toBe(true);
        if (elapsed % (5 * MIN) === 0) {
          const cardExt = await server.cardExt();
          expect(cardExt.status).toBe(200);
          expect(acceptedAt('wx_card', await cardTicketOf(cardExt.body))).toBe(true);
        }
        await server.api.idle(); // let a refresh started in the background land
        wechat.advance(MIN);
      }
    },
  );

  it.each([
    ['two processes sharing Redis, clocks 2 minutes apart, only the one behind gets traffic', { writer: CLOCK_SKEW_MS / 2, reader: -CLOCK_SKEW_MS / 2, stepBack: 0, store: 'redis-like' as const }],
    ['the same on a shared store that keeps entries past their TTL', { writer: CLOCK_SKEW_MS / 2, reader: -CLOCK_SKEW_MS / 2, stepBack: 0, store: 'lenient' as const }],
    ['one process whose clock is stepped back 2 minutes after it fetched', { writer: 0, reader: 0, stepBack: CLOCK_SKEW_MS, store: 'own' as const }],
  ])('%s, and WeChat down from the refresh window on: the cached ticket is served, but never past its expiry', async (_name, { writer, reader, stepBack, store }) => {
    const { wechat, process, acceptedAt, jsapiTicketOf, setDown } = world();
    let step = 0;
    const first = process(() => writer - step, store);
    const second = store === 'own' ? first : process(() => reader, store);
    expect((await first.signature()).status).toBe(200); // fetches and stores the ticket
    step = stepBack;

    wechat.advance(2 * HOUR - 10 * MIN);
    setDown(true); // every refresh from here on fails
    let served = 0;
    for (let elapsed = 0; elapsed <= 15 * MIN; elapsed += 5_000) {
      const signature = await second.signature();
      if (signature.status === 200) {
        served++;
        expect(acceptedAt('jsapi', await jsapiTicketOf(signature.body)), `served at ${elapsed / 1000} s into the window`).toBe(true);
      } else {
        expect(signature.body.error).toBe('upstream_error'); // WeChat unreachable and nothing valid cached
      }
      await second.api.idle();
      wechat.advance(5_000);
    }
    expect(served).toBeGreaterThan(0); // the cached ticket was served while it lasted
  });

  it('a ticket fetched with 320 s left (WeChat hands out the current one with what remains), clock stepped back 2 minutes, WeChat down: never signs with an expired ticket', async () => {
    const { wechat, standIn, process, acceptedAt, jsapiTicketOf, setDown } = world();
    standIn.currentTickets(APP_ID); // issued now by WeChat, for someone else
    wechat.advance(2 * HOUR - 320_000); // the stand-in renews only in the last 5 minutes
    let step = 0;
    const server = process(() => -step);
    const first = await server.signature(); // fetches the ticket: expires_in 320
    expect(first.status).toBe(200);
    step = CLOCK_SKEW_MS;
    setDown(true);
    let served = 0;
    for (let elapsed = 0; elapsed <= 10 * MIN; elapsed += 5_000) {
      const signature = await server.signature();
      if (signature.status === 200) {
        served++;
        expect(acceptedAt('jsapi', await jsapiTicketOf(signature.body)), `served ${elapsed / 1000} s after the step`).toBe(true);
      } else {
        expect(signature.body.error).toBe('upstream_error');
      }
      await server.api.idle();
      wechat.advance(5_000);
    }
    expect(served).toBeGreaterThan(0);
  });

  it('a token WeChat already considers expired (42001: our clock fell 10 minutes behind) is refreshed once and the call retried; not a loop', async () => {
    const { wechat, standIn, process } = world();
    let lag = 0;
    const server = process(() => -lag);
    await server.api.accessToken();
    lag = 10 * MIN; // beyond clockSkewMs: our clock was stepped back by 10 minutes
    wechat.advance(2 * HOUR + 1_000); // WeChat: expired a second ago; our clock: 1 h 50 min in, not even due for a refresh
    const before = { ...standIn.counters };
    expect(await server.api.decryptCode(encryptedBy(standIn, '4242'))).toBe('4242');
    expect(standIn.counters.decrypt - before.decrypt).toBe(2); // refused with 42001, retried once
    expect(standIn.counters.stableToken - before.stableToken).toBe(1); // one refresh, in normal mode
    expect(standIn.counters.stableTokenForced).toBe(0);

    // Had WeChat kept refusing, each call fails after that one refresh; and since stable_token
    // hands back the refused token, only the first one may force a refresh (20 a day at WeChat).
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 42001, times: 100 });
    for (let i = 0; i < 5; i++) {
      const calls = standIn.counters.total;
      await expect(server.api.decryptCode(encryptedBy(standIn, String(4243 + i)))).rejects.toMatchObject({ errcode: 42001 });
      // The first: decrypt, refresh (normal, forced), decrypt. The others: decrypt, refresh (normal).
      expect(standIn.counters.total - calls).toBeLessThanOrEqual(i === 0 ? 4 : 2);
      wechat.advance(MIN);
    }
    expect(standIn.counters.stableTokenForced).toBe(1);
  });
});
