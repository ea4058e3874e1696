// Several receivers sharing a real Redis, as separate server processes would behind a load
// balancer: WeChat's retries of one event may reach any of them, and onEvent runs once.
import { expect, it } from 'vitest';
import { createCardEventHandler, redisStore, type CardEvent } from '../../../src/server';
import { useRedisServer } from '../../helpers/redisClients';
import { APP_ID, push, TOKEN, userGetCardXml } from './pushes';

const { connect } = useRedisServer();

/** `count` receivers, each on its own Redis connection, sharing one onEvent log. */
async function processes(count: number, onEvent: (event: CardEvent, process: number) => Promise<void> | void) {
  const receivers = [];
  for (let i = 0; i < count; i++) {
    receivers.push(createCardEventHandler({ token: TOKEN, appId: APP_ID, store: redisStore(await connect()), failureAnswerDelayMs: 100, onEvent: (event) => onEvent(event, i) }));
  }
  return receivers;
}

it('the same push reaching four processes at once, eight times over: onEvent runs once', async () => {
  const handled: number[] = [];
  const receivers = await processes(4, async (_event, process) => {
    handled.push(process);
    await new Promise((resolve) => setTimeout(resolve, 80)); // long enough for every copy to arrive while it runs
  });
  const answers = await Promise.all(Array.from({ length: 32 }, (_, i) => receivers[i % 4]!(push({ xml: userGetCardXml(), nonce: String(i) }))));
  expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual(Array(32).fill('success'));
  expect(handled).toHaveLength(1);
});

it('distinct events spread over the processes each run once', async () => {
  const codes: string[] = [];
  const receivers = await processes(3, (event) => void codes.push((event as { userCardCode: string }).userCardCode));
  const pushes = [];
  for (let code = 0; code < 30; code++) for (let copy = 0; copy < 2; copy++) pushes.push(receivers[(code + copy) % 3]!(push({ xml: userGetCardXml({ code: String(1000 + code) }) })));
  await Promise.all(pushes);
  expect(codes.sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(1000 + i)));
});

it('an onEvent that failed in one process runs again when the retry reaches another', async () => {
  const attempts: number[] = [];
  const [a, b] = await processes(2, (_event, process) => {
    attempts.push(process);
    if (process === 0) throw new Error('process 0 lost its database connection');
  });
  expect((await a!(push({ xml: userGetCardXml() }))).status).toBe(500);
  expect(await (await b!(push({ xml: userGetCardXml() }))).text()).toBe('success');
  expect(await (await a!(push({ xml: userGetCardXml() }))).text()).toBe('success'); // a third retry: seen
  expect(attempts).toEqual([0, 1]);
  // Nothing is left claimed, and the seen mark expires with seenTtlMs (1 h by default).
  const client = await connect();
  const keys = await client.keys('wx-coupon:card-event:*');
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^wx-coupon:card-event:seen:[0-9a-f]{40}$/);
  const ttl = await client.pTTL(keys[0]!);
  expect(ttl).toBeGreaterThan(59 * 60_000);
  expect(ttl).toBeLessThanOrEqual(60 * 60_000);
});
