// npm run bench: throughput of the server part and how often it goes upstream. Measures, never
// asserts. Runs against the built package (dist/), with the WeChat API stand-in in-process.
import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createClient } from 'redis';
import { startRedisServer } from './redisServer.mjs';
import { createCouponHandler, createWeChatApi, memoryStore, redisStore, signCardExt, signChooseCard, signJsapi, toNodeListener } from '../dist/server.js';
import { createWeChatApiStandIn } from '../dist/simulator-api.js';
import { encryptSimulatedCode } from '../dist/simulator.js';

const APP_ID = 'wxbench0000000001';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const PAGE = 'https://m.example.com/shop/coupon?from=menu&id=42';
const ENCRYPT_CODE = encryptSimulatedCode('834719028374');
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** Runs `op` with `concurrency` callers in flight for `ms`, after a short warm-up; operations per second. */
async function throughput(op, { ms = 1500, concurrency = 64 } = {}) {
  const run = async (until) => {
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await op();
          done++;
        }
      }),
    );
    return done;
  };
  await run(performance.now() + 200);
  const started = performance.now();
  const done = await run(started + ms);
  return done / ((performance.now() - started) / 1000);
}

async function signatures() {
  console.log('\nSignatures per second (one process, Web Crypto SHA-1, 64 in flight)');
  const rows = {
    signJsapi: () => signJsapi({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: PAGE }),
    signCardExt: () => signCardExt({ apiTicket: TICKET, cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', timestamp: 1404896688, nonceStr: '123', code: '1434008071', openid: 'oUser' }),
    signChooseCard: () => signChooseCard({ apiTicket: TICKET, appId: APP_ID, timestamp: 1404896688, nonceStr: '123', shopId: 123, cardType: 'GROUPON', cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk' }),
  };
  for (const [name, op] of Object.entries(rows)) console.log(`  ${name.padEnd(16)} ${fmt(await throughput(op)).padStart(10)} /s`);
}

/** Load from a worker thread (its own event loop and core): node:http client, keep-alive, `concurrency` in flight. */
function clientLoad({ port, path, method, body, ms, concurrency }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const once = () =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`bench request failed: ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  return throughput(once, { ms, concurrency });
}

if (!isMainThread) {
  parentPort.postMessage(await clientLoad(workerData));
  process.exit(0);
}

async function handlerOnLoopback() {
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch });
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], cardExt: () => ({ openid: 'oBenchUser' }) });
  const server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const routes = [
    ['GET  signature', 'GET', `/api/wx/signature?url=${encodeURIComponent(PAGE)}`],
    ['POST card-ext', 'POST', '/api/wx/card-ext', '{"cardId":"pjZ8Yt1XGILfi-FUsewpnnolGgZk"}'],
    ['POST card-sign', 'POST', '/api/wx/card-sign', '{"shopId":123,"cardType":"GROUPON"}'],
    ['POST decrypt', 'POST', '/api/wx/decrypt', JSON.stringify({ encryptCode: ENCRYPT_CODE })],
  ];
  console.log('\nHandler requests per second: node:http + toNodeListener on 127.0.0.1, client in a worker thread (32 in flight, keep-alive);');
  console.log('in-process: the Fetch handler called directly, no socket (what an edge runtime would run)');
  const load = async (workerPort, path, method, body) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { port: workerPort, path, method, body, ms: 2000, concurrency: 32 } });
    return (await once(worker, 'message'))[0];
  };
  // What this machine does with a handler that does nothing, for scale.
  const bare = createServer((req, res) => res.end('{}'));
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
  console.log(`  ${'(bare node:http)'.padEnd(16)} ${fmt(await load(bare.address().port, '/', 'GET')).padStart(10)} /s on loopback`);
  bare.closeAllConnections();
  await new Promise((resolve) => bare.close(resolve));
  for (const [name, method, path, body] of routes) {
    const perSecond = await load(port, path, method, body);
    const url = `http://localhost${path}`;
    const init = body ? { method, headers: { 'content-type': 'application/json' }, body } : { method };
    const direct = await throughput(async () => {
      const response = await handler(new Request(url, init));
      if (response.status !== 200) throw new Error(`bench request failed: ${response.status}`);
      await response.arrayBuffer();
    });
    console.log(`  ${name.padEnd(16)} ${fmt(perSecond).padStart(10)} /s on loopback   ${fmt(direct).padStart(10)} /s in-process`);
  }
  console.log(`  (upstream calls during all of that: ${standIn.counters.total}: the token and tickets once, plus one card/code/decrypt per decrypt request)`);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * One simulated day: every process serves a page view each simulated minute (a wx.config
 * signature, a card_ext and, every tenth view, a decrypt). "Processes" are API instances that
 * share nothing but the store (each has its own Redis connection), on one simulated clock.
 */
async function day(label, processCount, makeStore) {
  let now = Date.UTC(2025, 0, 6, 0, 0, 0);
  const clock = () => now;
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock, dailyTokenQuota: 1_000_000 });
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
          minute % 10 === 0 ? post(handler, 'decrypt', { encryptCode: ENCRYPT_CODE }) : null,
        ]);
        for (const response of responses) if (response && response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
      }),
    );
    now += 60_000;
  }
  const c = standIn.counters;
  const tokens = c.token + c.stableToken;
  console.log(
    `  ${label.padEnd(44)} ${String(tokens + c.jsapiTicket + c.cardTicket).padStart(5)}   (token ${tokens}, jsapi ticket ${c.jsapiTicket}, card ticket ${c.cardTicket}; decrypt ${c.decrypt}, one per request)`,
  );
}

async function upstreamPerDay() {
  console.log('\nUpstream token + ticket fetches per simulated day (a page view per process per minute; refresh 5 min ahead of the 7200 s expiry)');
  await day('1 process, memory store', 1, (clock) => memoryStore({ clock }));
  const redis = await startRedisServer().catch((error) => {
    console.log(`  4 processes sharing Redis: skipped, ${error.message}`);
    return null;
  });
  if (redis) {
    const clients = [];
    try {
      const connect = async () => {
        const client = createClient({ url: redis.url });
        await client.connect();
        clients.push(client);
        return client;
      };
      await (await connect()).flushDb();
      await day('4 processes sharing Redis (redisStore)', 4, async () => redisStore(await connect()));
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await redis.stop();
    }
  }
  await day('4 processes, each its own memory (contrast)', 4, (clock) => memoryStore({ clock }));
}

console.log(`wx-coupon bench — Node ${process.version}, ${process.platform}/${process.arch}`);
await signatures();
await handlerOnLoopback();
await upstreamPerDay();
