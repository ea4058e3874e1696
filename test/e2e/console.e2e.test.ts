// The merchant console end to end: the demo's dev server (wx-coupon/server's card event receiver
// at /api/wx/events, in safe mode as the simulated account is, fed by the WeChat API stand-in's
// pushes and by pushes over HTTP), and the page in Debian's Chromium at 390 px showing them live.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIMULATED_AES_KEY, SIMULATED_TOKEN } from '../../demo/server/eventFeed';
import { DEMO_APP_ID, type DemoCoupon } from '../../demo/coupons';
import { createCardEventPusher, type StandInCardEvent } from '../../src/simulator/api';
import { launchChromium } from '../helpers/chromium';

const root = resolve(import.meta.dirname, '../..');
const artifacts = resolve(root, 'test-artifacts');
let server: ViteDevServer;
let base: string;
let browser: Browser;
let coupons: DemoCoupon[];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await createServer({ root, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false } });
  await server.listen();
  base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  // The demo's coupons, as card/create named them at start-up.
  coupons = ((await (await fetch(`${base}/__wx-demo/config`)).json()) as { coupons: DemoCoupon[] }).coupons;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openConsole() {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${base}/demo/console.html`);
  await expect.poll(() => page.textContent('#feed-status')).toBe('实时');
  return { page, problems };
}

const tally = (page: Page) => page.locator('#tally tr').evaluateAll((trs) => Object.fromEntries((trs as HTMLTableRowElement[]).map((tr) => [tr.cells[0]?.textContent, [...tr.cells].slice(1).map((td) => td.textContent)])));
const postJson = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, path).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
};

it('the stand-in pushes what happens to a coupon: added with its outer_str, redeemed at the counter, both tallied under that scene', async () => {
  const { page, problems } = await openConsole();
  const before = await page.locator('#feed li').count(); // the stand-in approved the demo's cards at start-up
  const cardId = coupons[1]!.cardId;
  // What the browser simulator does on a tap: card_ext from the merchant server, then the add at the stand-in.
  const { cardExt } = await postJson('/api/wx/card-ext', { cardId, outerStr: 'poster-window' });
  const added = (await postJson('/__wx-api/__sim/user/add-cards', { cards: [{ card_id: cardId, card_ext: cardExt }] })) as { card_list: Array<{ code: string }> };
  const code = added.card_list[0]!.code;
  await expect.poll(() => tally(page)).toMatchObject({ 'poster-window': ['1', '0', '0%'] });
  // The staff button: card/code/consume through the coupon handler, which the stand-in answers and pushes.
  await postJson('/api/wx/consume', { code, cardId });
  await expect.poll(() => tally(page)).toMatchObject({ 'poster-window': ['1', '1', '100%'] });
  expect(await page.locator('#feed li').count()).toBe(before + 2);
  const newest = await page.locator('#feed li').first().textContent();
  expect(newest).toContain('核销');
  expect(newest).toContain('poster-window');
  expect(newest).toContain(coupons[1]!.title); // named by its title, not its card_id
  expect(problems).toEqual([]);
}, 60_000);

it('events pushed over HTTP to /api/wx/events (as WeChat does, through a tunnel) show live, and again after a reload', async () => {
  const { page, problems } = await openConsole();
  const before = await page.locator('#feed li').count();
  const pusher = createCardEventPusher({ url: `${base}/api/wx/events`, token: SIMULATED_TOKEN, appId: DEMO_APP_ID, encodingAESKey: SIMULATED_AES_KEY, mode: 'safe' });
  const now = Math.floor(Date.now() / 1000);
  const [latte, cake] = coupons as [DemoCoupon, DemoCoupon];
  const got = (code: string, cardId: string, outerStr: string, openid: string): StandInCardEvent => ({ Event: 'user_get_card', FromUserName: openid, CreateTime: now, CardId: cardId, UserCardCode: code, IsGiveByFriend: 0, OuterStr: outerStr, IsRestoreMemberCard: 0 });
  const consumed = (code: string, cardId: string, openid: string): StandInCardEvent => ({ Event: 'user_consume_card', FromUserName: openid, CreateTime: now + 1, CardId: cardId, UserCardCode: code, ConsumeSource: 'FROM_API' });
  for (const event of [got('100000000001', latte.cardId, 'poster-lobby', 'oUserA'), got('100000000002', latte.cardId, 'poster-lobby', 'oUserB'), got('100000000003', cake.cardId, 'wechat-article', 'oUserC')]) pusher.push(event);
  await pusher.idle();
  pusher.push(consumed('100000000001', latte.cardId, 'oUserA'));
  await pusher.idle(); // pushes travel on their own requests: one at a time, so the newest is known
  pusher.push({ Event: 'user_del_card', FromUserName: 'oUserC', CreateTime: now + 2, CardId: cake.cardId, UserCardCode: '100000000003' });
  await pusher.idle();
  expect(pusher.deliveries.every((delivery) => delivery.acknowledged)).toBe(true);

  await expect.poll(() => page.locator('#feed li').count()).toBe(before + 5);
  await expect.poll(() => tally(page)).toMatchObject({ 'poster-lobby': ['2', '1', '50%'], 'wechat-article': ['1', '0', '0%'] });
  await expect.poll(() => page.locator('#feed li').first().textContent()).toContain('删除');
  expect(await page.locator('#feed li').first().textContent()).toContain('wechat-article'); // the deletion is traced back to the scene the code came with
  await page.waitForTimeout(1300); // let the highlight fade before the picture
  await page.screenshot({ path: resolve(artifacts, 'e2e-console.png'), fullPage: true });

  await page.reload();
  await expect.poll(() => page.locator('#feed li').count()).toBe(before + 5);
  expect(problems).toEqual([]);
}, 60_000);
