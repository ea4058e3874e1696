// A merchant site for the browser benchmarks, on 127.0.0.1: two pages that add a coupon
// (wx-coupon's script tag, and the usual hand-written integration), the script files, and
// wx-coupon/server's handler over the WeChat API stand-in. Every response waits `latencyMs`
// first, a mobile network's round trip, so that round trips show in the timings.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import * as server from '../../dist/server.js';
import { createWeChatApiStandIn } from '../../dist/simulator-api.js';
import { root } from '../lib/bundle.mjs';
import { handWrittenPage, oursPage } from './pages.mjs';

export const APP_ID = 'wxbe0c000000000001'; // wx + 16 hex digits, as configure() requires
export const CARD_ID = 'pBenchLatte5OffXXXXXXXXXXXXX';
const APP_SECRET = 'bench-secret-that-stays-on-the-server';

const SCRIPTS = {
  '/wx-coupon.iife.js': () => readFileSync(join(root, 'dist/wx-coupon.iife.js')),
  '/wx-coupon.engine.iife.js': () => readFileSync(join(root, 'dist/wx-coupon.engine.iife.js')),
  '/wx-coupon.simulator.iife.js': () => readFileSync(join(root, 'dist/wx-coupon.simulator.iife.js')),
  // What res.wx.qq.com/open/js/jweixin-1.6.0.js serves: the same code as the npm package,
  // which wraps it for CommonJS; unwrapped here to define window.wx as the CDN file does.
  '/jweixin-1.6.0.js': () =>
    `(function(){var module={exports:{}};${readFileSync(join(root, 'node_modules/weixin-js-sdk/index.js'), 'utf8')}\nwindow.wx=window.jWeixin=module.exports;})();`,
};

/** Starts the site; `close()` stops it. */
export async function startBenchServer({ latencyMs }) {
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  const api = server.createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch });
  const fetchHandler = server.createCouponHandler({ api, appId: APP_ID, allowedUrls: (url) => url.hostname === '127.0.0.1' });
  const handler = server.toNodeListener(fetchHandler);
  const pages = { '/ours.html': oursPage, '/hand.html': handWrittenPage };
  // The page whose server embeds its first answers (wx-coupon/server's embedCouponConfig; a
  // build without it, such as an older commit's, has no such page).
  const embed = server.embedCouponConfig
    ? async (req) => {
        const request = new Request(new URL(req.url ?? '/', origin).href, { headers: { 'user-agent': req.headers['user-agent'] ?? '' } });
        const { html } = await server.embedCouponConfig({ handler: fetchHandler, request, cards: [CARD_ID], engineUrl: '/wx-coupon.engine.iife.js' });
        return html;
      }
    : undefined;
  let origin = '';
  const site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    setTimeout(async () => {
      if (path.startsWith('/api/wx/')) return handler(req, res);
      const tickets = () => {
        const current = standIn.currentTickets(APP_ID);
        return { jsapiTicket: current.jsapi, cardApiTicket: current.wx_card };
      };
      if (pages[path]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
        return res.end(pages[path]({ appId: APP_ID, cardId: CARD_ID, tickets: tickets() }));
      }
      if (path === '/ours-embedded.html' && embed) {
        const embedded = await embed(req);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return res.end(oursPage({ appId: APP_ID, cardId: CARD_ID, tickets: tickets(), embedded }));
      }
      if (SCRIPTS[path]) {
        // Cached like a CDN would: a warm page loads its scripts from the browser's cache.
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
        return res.end(SCRIPTS[path]());
      }
      res.writeHead(404).end();
    }, latencyMs);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${site.address().port}`;
  return {
    origin,
    hasEmbeddedPage: embed !== undefined,
    close: () => {
      site.closeAllConnections();
      return new Promise((resolve) => site.close(resolve));
    },
  };
}
