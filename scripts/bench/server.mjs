// The server part: signatures per second, the handler on loopback under a bounded load from a
// second process, and how often a day of traffic goes upstream for tokens and tickets.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { startRedisServer } from '../redisServer.mjs';
import { createCouponHandler, createWeChatApi, memoryStore, redisStore, signCardExt, signChooseCard, signJsapi, toNodeListener } from '../../dist/server.js';
import { createWeChatApiStandIn } from '../../dist/simulator-api.js';
import { throughput } from './throughput.mjs';

const APP_ID = 'wxbe0c000000000001';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const PAGE = 'https://m.example.com/shop/coupon?from=menu&id=42';
// A code the stand-in issued: it decrypts only encrypt_codes it handed out itself.
const encryptCodeOf = (standIn) => standIn.issueCode({ code: '834719028374' }).encryptCode;
const run = promisify(execFile);

/** Rows: { what, perSecond } — one process, Web Crypto SHA-1, 64 in flight. */
export async function measureSignatures() {
  const ops = {
    signJsapi: () => signJsapi({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: PAGE }),
    signCardExt: () => signCardExt({ apiTicket: TICKET, cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', timestamp: 1404896688, nonceStr: '123', code: '1434008071', openid: 'oUser' }),
    signChooseCard: () => signChooseCard({ apiTicket: TICKET, appId: APP_ID, timestamp: 1404896688, nonceStr: '123', shopId: 123, cardType: 'GROUPON', cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk' }),
  };
  const rows = [];
  for (const [what, op] of Object.entries(ops)) rows.push({ what, perSecond: await throughput(op) });
  return rows;
}

const LOAD = { ms: 2000, concurrency: 32 };

async function loadFromSecondProcess(port, path, method, body) {
  const { stdout } = await run(process.execPath, [new URL('./loadClient.mjs', import.meta.url).pathname, JSON.stringify({ port, path, method, body, ...LOAD })]);
  return Number(stdout);
}

async function listen(listener) {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Rows: { what, loopback, inProcess } requests per second, plus the upstream calls made meanwhile. */
export async function measureHandler() {
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch });
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], cardExt: () => ({ openid: 'oBenchUser' }) });
  const rows = [];
  // What this machine does with a handler that does nothing, for scale.
  const bare = await listen((req, res) => res.end('{}'));
  rows.push({ what: '(bare node:http, for scale)', loopback: await loadFromSecondProcess(bare.port, '/', 'GET'), inProcess: null });
  await bare.close();

  const server = await listen(toNodeListener(handler));
  const routes = [
    ['GET signature', 'GET', `/api/wx/signature?url=${encodeURIComponent(PAGE)}`],
    ['POST card-ext', 'POST', '/api/wx/card-ext', '{"cardId":"pjZ8Yt1XGILfi-FUsewpnnolGgZk"}'],
    ['POST card-sign', 'POST', '/api/wx/card-sign', '{"shopId":123,"cardType":"GROUPON"}'],
    ['POST decrypt', 'POST', '/api/wx/decrypt', JSON.stringify({ encryptCode: encryptCodeOf(standIn) })],
  ];
  for (const [what, method, path, body] of routes) {
    const loopback = await loadFromSecondProcess(server.port, path, method, body);
    const init = body ? { method, headers: { 'content-type': 'application/json' }, body } : { method };
    const inProcess = await throughput(async () => {
      const response = await handler(new Request(`http://localhost${path}`, init));
      if (response.status !== 200) throw new Error(`bench request failed: ${response.status}`);
      await response.arrayBuffer();
    });
    rows.push({ what, loopback, inProcess });
  }
  await server.close();
  return { rows, upstreamCalls: standIn.counters.total, load: LOAD };
}

/**
 * One simulated day: every process serves a page view each simulated minute (a wx.config
 * signature, a card_ext and, every tenth view, a decrypt). "Processes" are API instances that
 * share nothing but the store (each has its own Redis connection), on one simulated clock.
 */
async function day(processCount, makeStore) {
  let now = Date.UTC(2025, 0, 6, 0, 0, 0);
  const clock = () => now;
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock, dailyTokenQuota: 1_000_000 });
  const encryptCode = encryptCodeOf(standIn);
  const handlers = [];
  for (let i = 0; i < processCount; i++) {
    const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch, clock, store: await makeStore(clock) });
    handlers.push(createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'] }));
  }
  const post = (handler, route, body) =>
    handler(new Request(`http://localhost/api/wx/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  for (let minute = 0; minute < 24 * 60; minute++) {
    await Promise.all(
      handlers.map(async (handler) => {
        const responses = await Promise.all([
          handler(new Request(`http://localhost/api/wx/signature?url=${encodeURIComponent(PAGE)}`)),
          post(handler, 'card-ext', { cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk' }),
          minute % 10 === 0 ? post(handler, 'decrypt', { encryptCode }) : null,
        ]);
        for (const response of responses) if (response && response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
      }),
    );
    now += 60_000;
  }
  const c = standIn.counters;
  return { token: c.token + c.stableToken, jsapiTicket: c.jsapiTicket, cardTicket: c.cardTicket, decrypt: c.decrypt };
}

/** Rows: { what, token, jsapiTicket, cardTicket, decrypt } fetched upstream in a simulated day. */
export async function measureUpstreamPerDay() {
  const rows = [{ what: '1 process, memory store', ...(await day(1, (clock) => memoryStore({ clock }))) }];
  const redis = await startRedisServer();
  const clients = [];
  try {
    const connect = async () => {
      const client = createClient({ url: redis.url });
      await client.connect();
      clients.push(client);
      return client;
    };
    await (await connect()).flushDb();
    rows.push({ what: '4 processes sharing Redis (redisStore)', ...(await day(4, async () => redisStore(await connect()))) });
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await redis.stop();
  }
  rows.push({ what: '4 processes, each its own memory (contrast)', ...(await day(4, (clock) => memoryStore({ clock }))) });
  return rows;
}
