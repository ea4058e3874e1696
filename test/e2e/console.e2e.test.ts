// The merchant console end to end: the demo's dev server (wx-coupon/server's card event receiver
// at /api/wx/events, in safe mode as the simulated account is), events pushed to it over HTTP
// the way WeChat pushes them, and the page in Debian's Chromium at 390 px showing them live.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIMULATED_AES_KEY, SIMULATED_TOKEN } from '../../demo/server/eventFeed';
import { DEMO_APP_ID, DEMO_COUPONS } from '../../demo/coupons';
import { createCardEventPusher, type StandInCardEvent } from '../../src/simulator/api';
import { launchChromium } from '../helpers/chromium';

const root = resolve(import.meta.dirname, '../..');
const artifacts = resolve(root, 'test-artifacts');
let server: ViteDevServer;
let base: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await createServer({ root, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false } });
  await server.listen();
  base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows pushed events live and tallies them per outer_str, receipt to redemption', async () => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${base}/demo/console.html`);
  await expect.poll(() => page.textContent('#feed-status')).toBe('实时');

  const pusher = createCardEventPusher({ url: `${base}/api/wx/events`, token: SIMULATED_TOKEN, appId: DEMO_APP_ID, encodingAESKey: SIMULATED_AES_KEY, mode: 'safe' });
  const now = Math.floor(Date.now() / 1000);
  const [latte, cake] = DEMO_COUPONS as [(typeof DEMO_COUPONS)[number], (typeof DEMO_COUPONS)[number]];
  const got = (code: string, cardId: string, outerStr: string, openid: string): StandInCardEvent => ({ Event: 'user_get_card', FromUserName: openid, CreateTime: now, CardId: cardId, UserCardCode: code, IsGiveByFriend: 0, OuterStr: outerStr, IsRestoreMemberCard: 0 });
  const consumed = (code: string, cardId: string, openid: string): StandInCardEvent => ({ Event: 'user_consume_card', FromUserName: openid, CreateTime: now + 1, CardId: cardId, UserCardCode: code, ConsumeSource: 'FROM_API' });
  for (const event of [got('100000000001', latte.cardId, 'poster-lobby', 'oUserA'), got('100000000002', latte.cardId, 'poster-lobby', 'oUserB'), got('100000000003', cake.cardId, 'wechat-article', 'oUserC')]) pusher.push(event);
  await pusher.idle();
  pusher.push(consumed('100000000001', latte.cardId, 'oUserA'));
  pusher.push({ Event: 'user_del_card', FromUserName: 'oUserC', CreateTime: now + 2, CardId: cake.cardId, UserCardCode: '100000000003' });
  await pusher.idle();
  expect(pusher.deliveries.every((delivery) => delivery.acknowledged)).toBe(true);

  await expect.poll(() => page.locator('#feed li').count()).toBe(5);
  const rows = await page.locator('#tally tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(rows).toEqual([
    ['poster-lobby', '2', '1', '50%'],
    ['wechat-article', '1', '0', '0%'],
  ]);
  const newest = await page.locator('#feed li').first().textContent();
  expect(newest).toContain('删除');
  expect(newest).toContain('wechat-article'); // the deletion is traced back to the scene the code came with
  await expect.poll(() => page.locator('#feed li').nth(1).textContent()).toContain('核销');
  await page.waitForTimeout(1300); // let the highlight fade before the picture
  await page.screenshot({ path: resolve(artifacts, 'e2e-console.png'), fullPage: true });

  // A reload gets the same picture from the snapshot.
  await page.reload();
  await expect.poll(() => page.locator('#feed li').count()).toBe(5);
  expect(problems).toEqual([]);
}, 60_000);
