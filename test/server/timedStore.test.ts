// Store timeouts belong to the store, not to a busy process (issue: 503 store_unavailable on
// cold bursts with a healthy Redis). Node runs expired timers before it reads sockets, so after
// the event loop was blocked for longer than timeoutMs — hundreds of requests resuming at
// once — a reply Redis sent in a millisecond was still unread when the timeout fired.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore, StoreTimeoutError } from '../../src/server';
import { timedStore } from '../../src/server/cache/timedStore';
import type { TokenStore } from '../../src/server/cache/TokenStore';
import { startRedisServer, type RedisServer } from '../helpers/redis';

let redis: RedisServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = await startRedisServer();
  client = createClient({ url: redis.url });
  await client.connect();
});
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

/** Holds the event loop, as synchronous work for many requests does. */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/**
 * A call on `store` made while the process then stays busy for `blockMs`: the command goes out
 * (node-redis writes it on setImmediate, before our later immediate), Redis answers at once,
 * and the answer waits in the socket until the loop is free.
 */
async function callThenBlock<T>(call: () => Promise<T>, blockMs: number): Promise<T> {
  const result = call();
  for (let i = 0; i < 20; i++) await Promise.resolve(); // the command is queued for writing
  setImmediate(() => blockFor(blockMs));
  return result;
}

describe('timedStore with a healthy Redis and a busy event loop', () => {
  it('answers a get, set and lock that Redis answered at once, though the loop was blocked past timeoutMs', async () => {
    const store = timedStore(redisStore(client), 100);
    await client.set('wx-coupon:k', 'v');
    expect(await callThenBlock(() => store.get('k'), 400)).toBe('v');
    await callThenBlock(() => store.set('k', 'w', 10_000), 400);
    const release = await callThenBlock(() => store.tryLock('lock', 10_000), 400);
    expect(release).toBeTypeOf('function');
    await callThenBlock(() => release!(), 400);
    expect(await client.get('wx-coupon:k')).toBe('w');
  });

  it('still times out a store that does not answer, after timeoutMs when the loop is free', async () => {
    const silent: TokenStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), tryLock: () => new Promise(() => {}) };
    const started = performance.now();
    await expect(timedStore(silent, 100).get('k')).rejects.toBeInstanceOf(StoreTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('and also when the loop was blocked: the lost time is granted once, up to another timeoutMs, no more', async () => {
    const silent: TokenStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), tryLock: () => new Promise(() => {}) };
    const started = performance.now();
    await expect(callThenBlock(() => timedStore(silent, 100).get('k'), 400)).rejects.toBeInstanceOf(StoreTimeoutError);
    // 400 ms blocked, then at most another 100 ms granted (plus scheduling slack).
    expect(performance.now() - started).toBeLessThan(400 + 100 + 1000);
  });
});
