// The demo's server half, mounted on Vite's dev and preview servers: wx-coupon/server's
// handler over the WeChat API stand-in (or, with WX_APP_ID and WX_APP_SECRET, the real
// WeChat API), plus what the pages need to know about the demo. It imports the server
// part as a merchant would, from the built package ('wx-coupon/server'), and only when a
// server starts, so that building the library does not need a built library (builtPackage.ts).
import { readFileSync, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { DEMO_APP_ID, DEMO_COUPONS } from '../coupons.ts';
import { bannerLines, demoLogger } from './banner.ts';
import { loadServerPart, loadStandInPart } from './builtPackage.ts';
import { createDemoCoupons, fillCardIds } from './demoCoupons.ts';
import { createEventFeed } from './eventFeed.ts';
import { STAND_IN_PREFIX } from './standInCoupons.ts';

const root = resolve(import.meta.dirname, '../..');
/** Script-tag files the demo serves from the library build (npm run build). */
const SCRIPT_FILES = ['wx-coupon.iife.js', 'wx-coupon.engine.iife.js', 'wx-coupon.qr.iife.js', 'wx-coupon.simulator.iife.js'];
/** Pages served under a strict Content-Security-Policy, to prove the script tag needs no inline script or eval. */
const STRICT_CSP_PAGES = ['/demo/script-tag.html'];
/** Pages that name coupons in their HTML, as __WX_CARD_ID_1__… (see demoCoupons.ts). */
const CARD_ID_PAGES = ['/demo/script-tag.html'];
// img-src names WeChat's host for weixin-js-sdk's telemetry beacon (an <img> it loads after wx.config).
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https://open.weixin.qq.com; object-src 'none'; base-uri 'none'";

function isLoopbackPage(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

async function createDemoBackend() {
  const { createCouponHandler, createWeChatApi } = await loadServerPart();
  const { createWeChatApiStandIn } = await loadStandInPart();
  const realAppId = process.env.WX_APP_ID;
  const realSecret = process.env.WX_APP_SECRET;
  const simulate = isSimulating();
  const appId = simulate ? DEMO_APP_ID : (realAppId as string);
  const feed = await createEventFeed({ appId, simulate }); // the merchant console's card event receiver and live feed
  const standIn = simulate ? createWeChatApiStandIn({ appId, appSecret: 'demo-secret-that-stays-on-the-server', onCardEvent: feed.push }) : undefined;
  // WX_API_BASE: real mode through an API gateway, or a stand-in started on its own (tests).
  const apiBase = simulate ? undefined : process.env.WX_API_BASE || undefined;
  const logger = demoLogger(simulate);
  const api = createWeChatApi({
    appId,
    appSecret: simulate ? 'demo-secret-that-stays-on-the-server' : (realSecret as string),
    ...(standIn ? { fetch: standIn.fetch, apiBase: 'https://api.weixin.qq.com' } : apiBase ? { apiBase } : {}),
    logger,
  });
  const allowedOrigins = (process.env.WX_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const cardIds = (process.env.WX_CARD_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Offline the coupons are made through card/create at start-up; real mode offers WX_CARD_IDS.
  const coupons = standIn ? await createDemoCoupons(api, standIn, DEMO_COUPONS) : cardIds.map((cardId, i) => ({ ...DEMO_COUPONS[i % DEMO_COUPONS.length]!, cardId }));
  const setup = { simulate, appId, apiBase, cardIds: coupons.map((c) => c.cardId), cardIdsFromEnv: cardIds.length > 0, allowedOrigins, env: process.env };
  console.info(bannerLines(setup).join('\n'));
  const handler = createCouponHandler({
    api,
    appId,
    allowedUrls: (url) => isLoopbackPage(url) || allowedOrigins.includes(url.origin),
    allowedCardIds: coupons.map((coupon) => coupon.cardId), // card_ext only for the coupons the pages offer
    cardExt: (_request, _cardId) => undefined, // a real shop would add the user's openid from its session here
    // The demo's "staff" button redeems codes; a real shop checks a staff login here.
    authorizeConsume: () => true,
    logger,
  });
  return { simulate, appId, standIn, handler, coupons, feed };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

type DemoBackend = Awaited<ReturnType<typeof createDemoBackend>>;

/**
 * `builtDir`: vite preview's output directory. Built pages still name the coupons by placeholder
 * (the ids exist only once this server has created them), so they are served filled in.
 */
async function middleware(backend: DemoBackend, builtDir?: string): Promise<Connect.NextHandleFunction> {
  const { toNodeListener } = await loadServerPart();
  const coupons = toNodeListener(backend.handler);
  const standIn = backend.standIn ? toNodeListener(backend.standIn.handle) : undefined;
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    if (backend.feed.handle(req, res, next)) return;
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/api/wx/')) return void coupons(req, res, next);
    if (standIn && path.startsWith(`${STAND_IN_PREFIX}/`)) return void standIn(req, res, next); // the stand-in's pages and the simulator's /__sim/ routes
    // Pages name /favicon.svg; a browser that asks for the classic name anyway gets it too.
    if (path === '/favicon.ico') return void res.writeHead(301, { location: '/favicon.svg' }).end();
    if (path === '/__wx-demo/config') return sendJson(res, 200, { appId: backend.appId, simulate: backend.simulate, coupons: backend.coupons });
    if (path === '/__wx-sim/catalog') return sendJson(res, 200, Object.fromEntries(backend.coupons.map(({ cardId, ...card }) => [cardId, card])));
    if (path === '/__wx-sim/tickets') {
      // The stand-in's made-up tickets, for the simulated client only; never in real mode.
      if (!backend.standIn) return sendJson(res, 404, { error: 'not_found', message: 'No simulator with real credentials.' });
      const tickets = backend.standIn.currentTickets(backend.appId);
      return sendJson(res, 200, { jsapiTicket: tickets.jsapi, cardApiTicket: tickets.wx_card });
    }
    const file = SCRIPT_FILES.find((name) => path === `/${name}`);
    if (file) {
      const built = resolve(root, 'dist', file);
      if (!existsSync(built)) return sendJson(res, 503, { error: 'not_built', message: 'Run `npm run build` first (npm run demo does).' });
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      return void res.end(readFileSync(built));
    }
    if (STRICT_CSP_PAGES.includes(path)) res.setHeader('content-security-policy', STRICT_CSP);
    if (builtDir && CARD_ID_PAGES.includes(path)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      return void res.end(fillCardIds(readFileSync(resolve(builtDir, `.${path}`), 'utf8'), backend.coupons));
    }
    next();
  };
}

function isSimulating(): boolean {
  return !(process.env.WX_APP_ID && process.env.WX_APP_SECRET);
}

export function wxCouponDemo(): Plugin {
  let backend: Promise<DemoBackend> | undefined;
  let serving = false;
  const use = () => (backend ??= createDemoBackend());
  return {
    name: 'wx-coupon-demo',
    async configureServer(server) {
      if (server.config.mode === 'test') return; // Vitest's own server: no demo backend, no banner
      server.middlewares.use(await middleware(await use()));
    },
    async configurePreviewServer(server) {
      server.middlewares.use(await middleware(await use(), resolve(server.config.root, server.config.build.outDir)));
    },
    configResolved(config) {
      serving = config.command === 'serve';
    },
    async transformIndexHtml(html) {
      const simulate = isSimulating();
      const appId = simulate ? DEMO_APP_ID : (process.env.WX_APP_ID as string);
      // The script-tag page names the AppID in its data attributes; real mode drops the simulator tag.
      let page = html.replaceAll('__WX_APP_ID__', appId);
      // The dev server fills in the coupons' ids; a build keeps the placeholders for the server that runs it.
      if (serving) page = fillCardIds(page, (await use()).coupons);
      return simulate ? page : page.replace(/<script[^>]*wx-coupon\.simulator\.iife\.js[^>]*><\/script>\s*/, '');
    },
  };
}
