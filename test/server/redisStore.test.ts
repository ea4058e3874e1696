// Two (and more) API instances sharing a real Redis, as separate server processes would: one
// upstream fetch between them, the others wait for it and read its result.
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWeChatApi, redisStore, StoreTimeoutError } from '../../src/server';
import { startRedisServer, type RedisServer } from '../helpers/redis';
import { APP_ID, APP_SECRET, HOUR, setup, encryptedBy } from './fixtures';

type Client = ReturnType<typeof createClient>;
const MIN = 60_000;
let redis: RedisServer;
const clients: Client[] = [];

async function connect(): Promise<Client> {
  const client = createClient({ url: redis.url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await redis?.stop();
});
beforeEach(async () => {
  await (await connect()).flushDb();
});

/** `count` API instances, each on its own Redis connection, sharing the stand-in and the clock. */
async function processes(count: number, options: Parameters<typeof setup>[0] = {}) {
  const world = setup(options);
  const apis = [];
  for (let i = 0; i < count; i++) apis.push(world.makeApi({ store: redisStore(await connect()) }));
  return { ...world, apis };
}

describe('redisStore shared by several processes', () => {
  it('two instances, 100 concurrent callers each on a cold cache: one token fetch and one fetch per ticket', async () => {
    const { apis, standIn } = await processes(2);
    const calls = apis.flatMap((api) => Array.from({ length: 100 }, (_, i) => (i % 2 ? api.jsapiTicket() : api.cardApiTicket())));
    const results = await Promise.all(calls);
    const tickets = standIn.currentTickets();
    expect(new Set(results)).toEqual(new Set([tickets.jsapi, tickets.wx_card]));
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1, cardTicket: 1, total: 3 });
  });

  it('one fetch per ticket lifetime between them, refreshing ahead of expiry', async () => {
    const { apis, standIn, clock } = await processes(4);
    for (let minute = 0; minute < 6 * 60; minute += 10) {
      await Promise.all(apis.map((api) => api.jsapiTicket()));
      await Promise.all(apis.map((api) => api.idle())); // refreshes ahead run in the background
      clock.advance(10 * 60_000);
    }
    // Calls every 10 minutes; a refresh is due 115 minutes after each fetch: fetches at 0, 120 and 240.
    expect(standIn.counters).toMatchObject({ stableToken: 3, jsapiTicket: 3, total: 6 });
  });

  it('the others wait for the process that holds the lock and read its result', async () => {
    const { apis, standIn } = await processes(2);
    standIn.injectFault({ path: 'cgi-bin/ticket/getticket', delayMs: 150 });
    const first = apis[0]!.jsapiTicket();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = apis[1]!.jsapiTicket();
    expect(await second).toBe(await first);
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1 });
  });

  it('a reader in the refresh window does not wait for another process that holds the refresh lock', async () => {
    const client = await connect();
    const { standIn, clock, makeApi } = setup();
    const store = redisStore(client);
    const api = makeApi({ store });
    const first = await api.jsapiTicket();
    clock.advance(2 * HOUR - 4 * MIN); // due, still valid
    // Another process is refreshing (slowly, or it died): it holds the lock for an hour.
    expect(await store.tryLock(`lock:${APP_ID}:jsapi_ticket`, HOUR)).not.toBeNull();
    expect(await store.tryLock(`lock:${APP_ID}:access_token`, HOUR)).not.toBeNull();
    // Before the fix this polled the lock for up to ~95 s.
    expect(await api.jsapiTicket()).toBe(first);
    await api.idle();
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 1 });
  });

  it('a failure one process met on a cold cache is rethrown by the others for 30 s, without asking WeChat', async () => {
    const { apis, standIn, clock } = await processes(3);
    standIn.injectFault({ path: 'cgi-bin/stable_token', errcode: 45009, times: 100 });
    await expect(apis[0]!.jsapiTicket()).rejects.toMatchObject({ name: 'WeChatApiError', errcode: 45009, path: 'cgi-bin/stable_token' });
    for (const api of apis.slice(1)) {
      const error = (await api.jsapiTicket().catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ name: 'WeChatApiError', errcode: 45009, errmsg: 'reach max api daily quota limit' });
      expect(error.message).toMatch(/quota/);
    }
    expect(standIn.counters).toMatchObject({ stableToken: 1, jsapiTicket: 0 });
    clock.advance(30_000);
    await expect(apis[2]!.accessToken()).rejects.toMatchObject({ errcode: 45009 });
    expect(standIn.counters.stableToken).toBe(2);
  });

  it('a token WeChat refuses is refreshed once between them', async () => {
    const { apis, standIn } = await processes(2, { api: { useStableToken: false } });
    await Promise.all(apis.map((api) => api.accessToken()));
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 40001, times: 2 });
    const codes = await Promise.all(apis.map((api) => api.decryptCode(encryptedBy(standIn, '246810'))));
    expect(codes).toEqual(['246810', '246810']);
    expect(standIn.counters).toMatchObject({ token: 2, decrypt: 4 });
  });

  it('the same with stable_token: one process forces the refresh, the other takes its token without fetching', async () => {
    const { apis, standIn } = await processes(2);
    await Promise.all(apis.map((api) => api.accessToken()));
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 40014, times: 2 });
    await Promise.all(apis.map((api) => api.decryptCode(encryptedBy(standIn, '1357'))));
    expect(standIn.counters).toMatchObject({ stableToken: 3, stableTokenForced: 1, decrypt: 4 });
  });

  it('a token WeChat revoked is force-refreshed once between the processes', async () => {
    const { apis, standIn } = await processes(3);
    const [token] = await Promise.all(apis.map((api) => api.accessToken()));
    standIn.revokeToken(token!);
    const codes = await Promise.all(apis.flatMap((api) => [api.decryptCode(encryptedBy(standIn, '2468')), api.decryptCode(encryptedBy(standIn, '1357'))]));
    expect(codes).toEqual(['2468', '1357', '2468', '1357', '2468', '1357']);
    expect(standIn.counters).toMatchObject({ stableToken: 3, stableTokenForced: 1, decrypt: 12 });
  });

  it('WeChat refusing every token: one forced refresh between all the processes, not one per request', async () => {
    const { apis, standIn } = await processes(3);
    await Promise.all(apis.map((api) => api.accessToken()));
    standIn.injectFault({ path: 'card/code/decrypt', errcode: 40001, times: 1_000 });
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(apis.map((api) => api.decryptCode(encryptedBy(standIn, '97531')).catch((e: unknown) => e)));
      for (const error of results) expect(error).toMatchObject({ errcode: 40001 });
    }
    expect(standIn.counters.stableTokenForced).toBe(1);
  });

  it('a Redis outage fails calls with StoreTimeoutError after timeoutMs instead of queueing them', async () => {
    const own = await startRedisServer();
    // node-redis keeps commands in its offline queue while it tries to reconnect.
    const client = createClient({ url: own.url, socket: { reconnectStrategy: () => 50 } });
    client.on('error', () => {}); // connection refused while the server is down
    await client.connect();
    try {
      const { standIn, makeApi } = setup();
      const api = makeApi({ store: redisStore(client), timeoutMs: 50 });
      await own.stop();
      // Once the client knows the server is gone, commands wait in its offline queue (before
      // that, one can still go to the dying socket and fail as "socket closed" instead).
      await vi.waitFor(() => expect(client.isReady).toBe(false));
      const error = await api.jsapiTicket().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreTimeoutError);
      expect(error).toMatchObject({ operation: 'get', timeoutMs: 50 });
      expect(standIn.counters.total).toBe(0);
    } finally {
      client.destroy();
    }
  });

  it('a lock left by a crashed process expires, and a waiter takes over', async () => {
    const client = await connect();
    const { standIn, makeApi } = setup();
    const store = redisStore(client);
    expect(await store.tryLock(`lock:${APP_ID}:access_token`, 100)).not.toBeNull(); // never released
    expect(await makeApi({ store }).accessToken()).toBeTruthy();
    expect(standIn.counters.stableToken).toBe(1);
  });

  it('the fetching process releases only its own lock', async () => {
    const client = await connect();
    const store = redisStore(client);
    const releaseMine = await store.tryLock('lock:x', 20);
    expect(releaseMine).not.toBeNull();
    expect(await store.tryLock('lock:x', 1000)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 40));
    const releaseTheirs = await store.tryLock('lock:x', 1000);
    expect(releaseTheirs).not.toBeNull();
    await releaseMine!();
    expect(await client.get('wx-coupon:lock:x')).not.toBeNull();
    await releaseTheirs!();
    expect(await client.get('wx-coupon:lock:x')).toBeNull();
  });

  it('keeps keys under the prefix with a TTL, and reads back what it wrote', async () => {
    const client = await connect();
    const { standIn } = setup();
    const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch, store: redisStore(client, { keyPrefix: 'shop1:' }) });
    await api.jsapiTicket();
    expect((await client.keys('*')).sort()).toEqual([`shop1:${APP_ID}:access_token`, `shop1:${APP_ID}:jsapi_ticket`]);
    const ttl = await client.pTTL(`shop1:${APP_ID}:jsapi_ticket`);
    expect(ttl).toBeGreaterThan(2 * HOUR - 60_000);
    expect(ttl).toBeLessThanOrEqual(2 * HOUR);
    const store = redisStore(client, { keyPrefix: 'shop1:' });
    await store.set('k', 'v', 1000);
    expect(await store.get('k')).toBe('v');
    expect(await store.get('missing')).toBeNull();
    // A value it cannot read (written by something else) is treated as missing and replaced.
    await client.set(`shop1:${APP_ID}:jsapi_ticket`, 'garbage');
    expect(await api.jsapiTicket()).toBe(standIn.currentTickets().jsapi);
  });
});
