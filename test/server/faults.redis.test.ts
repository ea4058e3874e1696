// Redis faults, against real redis-server processes: down when the servers start, killed
// mid-run, restarted mid-run on the same port (losing every key), paused. The documented
// behaviour (docs/server.md, "When Redis fails"): a request that needs the shared cache answers
// 503 store_unavailable with Retry-After within the store timeout — never a 500, never an
// unbounded wait, and never a token fetched around the shared cache — and once Redis answers
// again, requests recover and the cache is refilled with one fetch per credential.
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createCouponHandler, createWeChatApi, redisStore, signJsapi } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { captureSecrets, captureLogs } from './capturedSecrets';
import { APP_ID, APP_SECRET, simulatedClock } from './fixtures';
import { freePort, startRedisOn, type RedisOnPort } from './redisOnPort';
import { PAGE, ROUTES, routeRequests, timedSend, type Route, type TimedAnswer } from './routeRequests';

const TIMEOUT_MS = 200;
// Each store call gives up after TIMEOUT_MS; a request makes a handful in a row at most, and
// waits for another process's refresh for 1.25 × the lock (3 × TIMEOUT_MS) at most.
const SETTLE_BOUND_MS = 8 * TIMEOUT_MS + 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Client = ReturnType<typeof createClient>;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function redisOn(port: number): Promise<RedisOnPort> {
  const redis = await startRedisOn(port);
  cleanups.push(() => redis.kill());
  return redis;
}

/** A node-redis client as an app would configure it: reconnecting, errors handled. */
function clientFor(url: string, options: { disableOfflineQueue?: boolean } = {}): Client {
  const client = createClient({ url, ...options, socket: { reconnectStrategy: () => 50, connectTimeout: 500 } });
  client.on('error', () => {}); // connection refused while Redis is down: the store calls report it
  void client.connect().catch(() => {});
  cleanups.push(() => client.destroy());
  return client;
}

/** `count` server processes, each with its own Redis connection, sharing WeChat and the clock. */
function servers(url: string, count = 2, options: { disableOfflineQueue?: boolean } = {}) {
  const clock = simulatedClock();
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now });
  const secrets = captureSecrets(APP_SECRET, standIn.fetch);
  const { logs, logger } = captureLogs();
  const clients: Client[] = [];
  const handlers = Array.from({ length: count }, () => {
    const client = clientFor(url, options);
    clients.push(client);
    const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: secrets.fetch, clock: clock.now, timeoutMs: TIMEOUT_MS, store: redisStore(client), logger });
    return createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], authorizeConsume: () => true, logger });
  });
  const requestFor = routeRequests(standIn);
  const answers: TimedAnswer[] = [];

  async function send(server: number, route: Route): Promise<TimedAnswer> {
    const answer = await timedSend(handlers[server]!, requestFor(route));
    answers.push(answer);
    expect(answer.elapsedMs).toBeLessThan(SETTLE_BOUND_MS);
    expect([200, 503], answer.text).toContain(answer.status);
    if (answer.status === 503) {
      expect(answer.body).toEqual({ error: 'store_unavailable', message: expect.any(String) });
      expect(answer.headers.get('retry-after')).toBe('5');
    }
    return answer;
  }

  return {
    standIn,
    clients,
    send,
    /** Every route on every server. */
    everyRoute: () => Promise.all(handlers.flatMap((_, server) => ROUTES.map((route) => send(server, route)))),
    async untilReady() {
      for (let i = 0; i < 100 && !clients.every((client) => client.isReady); i++) await sleep(50);
      expect(clients.every((client) => client.isReady)).toBe(true);
    },
    fetches: () => ({ stableToken: standIn.counters.stableToken, jsapiTicket: standIn.counters.jsapiTicket, cardTicket: standIn.counters.cardTicket }),
    /** Nothing secret in any answer or log line so far. */
    checkNoSecrets() {
      secrets.add(...Object.values(standIn.currentTickets()));
      for (const output of [...answers.map((answer) => answer.text), ...logs]) expect(secrets.foundIn(output), output).toBeNull();
    },
  };
}

describe('Redis faults', () => {
  it('down when the servers start: every route answers 503 within the bound and WeChat is not asked; up again, they recover', async () => {
    const port = await freePort();
    const world = servers(`redis://127.0.0.1:${port}`);
    for (const answer of await world.everyRoute()) {
      expect(answer.status).toBe(503);
      expect(answer.body.message).toMatch(/did not answer in time/); // node-redis queues commands while it reconnects
    }
    expect(world.standIn.counters.total).toBe(0); // no going round the shared cache

    await redisOn(port);
    await world.untilReady();
    for (const answer of await world.everyRoute()) expect(answer.status).toBe(200);
    expect(world.fetches()).toEqual({ stableToken: 1, jsapiTicket: 1, cardTicket: 1 }); // one fetch each, shared
    world.checkNoSecrets();
  });

  it('killed mid-run: requests in flight and after answer 200 or 503 within the bound, never 500; no token or ticket fetched meanwhile', async () => {
    const port = await freePort();
    const redis = await redisOn(port);
    const world = servers(redis.url);
    await world.untilReady();
    for (const answer of await world.everyRoute()) expect(answer.status).toBe(200);
    const before = world.fetches();

    const inFlight = Array.from({ length: 40 }, (_, i) => world.send(i % 2, ROUTES[i % ROUTES.length]!));
    await sleep(1);
    await redis.kill();
    await Promise.all(inFlight); // each checked by send(): bounded, 200 or 503
    for (const answer of await world.everyRoute()) expect(answer.status).toBe(503);
    expect(world.fetches()).toEqual(before);

    await redisOn(port); // back, empty
    await world.untilReady();
    for (const answer of await world.everyRoute()) expect(answer.status).toBe(200);
    world.checkNoSecrets();
  });

  it('with a client that fails at once instead of queueing (disableOfflineQueue): 503 "unavailable", not a 500', async () => {
    const port = await freePort();
    const redis = await redisOn(port);
    const world = servers(redis.url, 1, { disableOfflineQueue: true });
    await world.untilReady();
    expect((await world.send(0, 'signature')).status).toBe(200);
    await redis.kill();
    for (let i = 0; i < 20 && world.clients[0]!.isReady; i++) await sleep(25); // the client notices
    for (const route of ROUTES) {
      const answer = await world.send(0, route);
      expect(answer.status).toBe(503); // was 500 internal_error: "The client is offline" is not a timeout
      expect(answer.body.message).toMatch(/unavailable/);
    }
    world.checkNoSecrets();
  });

  it('restarted mid-run on the same port, losing every key: answers stay bounded; then one fetch per credential refills the cache for both processes', async () => {
    const port = await freePort();
    const redis = await redisOn(port);
    const world = servers(redis.url);
    await world.untilReady();
    await world.everyRoute();
    const before = world.fetches();

    let restarting = true;
    const traffic = (async () => {
      for (let i = 0; restarting; i++) {
        await world.send(i % 2, ROUTES[i % ROUTES.length]!); // bounded, 200 or 503
        await sleep(5); // requests arrive from sockets; a loop of instant answers would starve the event loop
      }
    })();
    await redis.stop();
    await redisOn(port);
    await world.untilReady();
    restarting = false;
    await traffic;

    for (const answer of await world.everyRoute()) expect(answer.status).toBe(200);
    const after = world.fetches();
    // Refilled once between the two processes (WeChat hands back the same stable token).
    expect({ stableToken: after.stableToken - before.stableToken, jsapiTicket: after.jsapiTicket - before.jsapiTicket, cardTicket: after.cardTicket - before.cardTicket }).toEqual({
      stableToken: 1,
      jsapiTicket: 1,
      cardTicket: 1,
    });
    // And what is signed now is signed with a ticket WeChat accepts.
    const signature = (await world.send(1, 'signature')).body;
    const ticket = world.standIn.currentTickets().jsapi;
    expect(signature.signature).toBe(await signJsapi({ ticket, nonceStr: signature.nonceStr as string, timestamp: signature.timestamp as number, url: PAGE }));
    world.checkNoSecrets();
  });

  it('paused (CLIENT PAUSE: slow, not down): 503 within the bound while it lasts, 200 after', async () => {
    const port = await freePort();
    const redis = await redisOn(port);
    const world = servers(redis.url);
    await world.untilReady();
    await world.everyRoute();
    const admin = clientFor(redis.url);
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    const paused = performance.now();
    for (const answer of await world.everyRoute()) {
      expect(answer.status).toBe(503);
      expect(answer.body.message).toMatch(/did not answer in time/);
    }
    await sleep(Math.max(0, 1500 - (performance.now() - paused)) + 100);
    for (const answer of await world.everyRoute()) expect(answer.status).toBe(200);
    world.checkNoSecrets();
  });
});
