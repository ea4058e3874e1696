// End to end: the built demo served on loopback (vite preview with wx-coupon/server over the
// WeChat API stand-in), driven in Debian's Chromium with WeChat user agents. Every tap goes
// through the real weixin-js-sdk, real signatures and the simulator's sheet.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWeChatApiStandIn, type RunningStandIn } from '../../src/simulator/api';

const root = resolve(import.meta.dirname, '../..');
const artifacts = resolve(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const UA = {
  wechat: 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240301 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  wechat601: 'Mozilla/5.0 (Linux; Android 4.4.2; Coolpad 8297 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36 MicroMessenger/6.0.1.60_r927066.480 NetType/WIFI',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};

let server: PreviewServer;
let base: string;
let browser: Browser;
/** What the demo servers print (banner, wx-coupon/server's log lines), kept out of the test output. */
const serverLog: string[] = [];
/** The demo's two coupons, as card/create named them. */
let latte: string;
let cake: string;

beforeAll(async () => {
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void serverLog.push(`${level}: ${args.map(String).join(' ')}`));
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  if (!existsSync(resolve(root, 'dist/wx-coupon.iife.js'))) throw new Error('dist/ is missing: npm test builds the library first (npm run build).');
  mkdirSync(artifacts, { recursive: true });
  await build({ root, mode: 'demo', logLevel: 'warn' });
  server = await preview({ root, mode: 'demo', logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  // The demo server made its coupons through card/create at start-up: their ids are its answers.
  const config = (await (await fetch(`${base}/__wx-demo/config`)).json()) as { coupons: Array<{ cardId: string }> };
  [latte, cake] = config.coupons.map((coupon) => coupon.cardId) as [string, string];
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  vi.restoreAllMocks();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested, and the signature requests among them. */
  requests: string[];
  signatureRequests: string[];
  /** Page errors, CSP violations and 404s. */
  problems: string[];
}

async function open(path: string, userAgent = UA.wechat): Promise<Opened> {
  const context = await browser.newContext({ userAgent, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  // weixin-js-sdk's telemetry beacon goes to a WeChat host: not on this machine's network.
  await context.route(/weixin\.qq\.com/, (route) => route.abort());
  // Record every wx-coupon:* event the page sees.
  await context.addInitScript(() => {
    const events: Array<{ type: string; detail: unknown }> = [];
    (window as unknown as { __events: typeof events }).__events = events;
    for (const type of ['added', 'chosen', 'opened', 'cancel', 'error']) {
      document.addEventListener(`wx-coupon:${type}`, (event) => {
        const detail = (event as CustomEvent).detail as { cards?: unknown; error?: { code: string; message: string } };
        events.push({ type, detail: detail.error ? { code: detail.error.code, message: detail.error.message } : detail });
      });
    }
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const signatureRequests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    if (request.url().includes('/api/wx/signature')) signatureRequests.push(request.url());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => response.status() === 404 && problems.push(`404: ${response.url()}`));
  page.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && problems.push(message.text()));
  await page.goto(base + path);
  return { page, context, requests, signatureRequests, problems };
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: Array<{ type: string; detail: any }> }).__events);
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(artifacts, `e2e-${name}.png`), fullPage: false });

async function addLatte(page: Page): Promise<{ cardId: string; code: string }> {
  await page.click(`button[data-wx-add-card="${latte}"]`);
  await page.waitForSelector('[data-wx-sim-sheet]');
  await page.click('[data-wx-sim="confirm"]');
  await page.waitForFunction(() => (window as unknown as { __events: unknown[] }).__events.length > 0);
  const [event] = await events(page);
  expect(event?.type).toBe('added');
  return event!.detail.cards[0];
}

describe('the demo in Chromium', () => {
  it('adds a coupon: tap → the simulator’s sheet → Add → wx-coupon:added with the card', async () => {
    const { page, context, signatureRequests, problems } = await open('/');
    await page.waitForSelector('html[data-wx-coupon="ready"]');
    await shot(page, '1-landing');
    await page.click(`button[data-wx-add-card="${latte}"]`);
    await page.waitForSelector('[data-wx-sim-sheet]');
    // The sheet shows the WeChat API stand-in's card: its logo (uploaded through uploadimg at start-up), loaded.
    await page.waitForFunction(() => {
      const logo = document.querySelector<HTMLImageElement>('[data-wx-sim-sheet] [data-wx-sim-logo]');
      return !!logo && logo.complete && logo.naturalWidth === 96;
    });
    await shot(page, '2-sheet');
    await page.click('[data-wx-sim="confirm"]');
    await page.waitForSelector('#toast[data-kind="ok"]:not([hidden])');
    await shot(page, '3-added');
    const [added] = await events(page);
    expect(added).toMatchObject({ type: 'added', detail: { cards: [{ cardId: latte, isSuccess: true, code: expect.stringMatching(/^[A-Za-z0-9+/=]+$/) }] } });
    expect(JSON.parse(added!.detail.cards[0].cardExt)).toMatchObject({ outer_str: 'landing', signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(signatureRequests).toHaveLength(1);
    expect(await page.getAttribute(`button[data-wx-add-card="${latte}"]`, 'aria-busy')).toBeNull();
    expect(problems).toEqual([]);
    // Each page names its icon, so no browser asks for a missing /favicon.ico (headless
    // Chromium asks for none, hence the check by hand).
    for (const path of ['/', '/demo/use.html', '/demo/redirect.html', '/demo/script-tag.html', '/demo/console.html']) {
      await page.goto(base + path);
      expect(await page.getAttribute('link[rel="icon"]', 'href')).toBe('/favicon.svg');
    }
    expect((await page.request.get(`${base}/favicon.svg`)).headers()['content-type']).toContain('image/svg+xml');
    expect((await page.request.get(`${base}/favicon.ico`)).headers()['content-type']).toContain('image/svg+xml'); // redirected, no 404
    await context.close();
  });

  it('reports a cancel as wx-coupon:cancel', async () => {
    const { page, context } = await open('/');
    await page.click(`button[data-wx-add-card="${cake}"]`);
    await page.waitForSelector('[data-wx-sim-sheet]');
    await page.click('[data-wx-sim="cancel"]');
    await page.waitForSelector('#toast[data-kind="cancel"]:not([hidden])');
    await shot(page, '4-cancelled');
    expect(await events(page)).toEqual([{ type: 'cancel', detail: { code: 'CANCELLED', message: expect.any(String) } }]);
    await context.close();
  });

  it('chooses a coupon to use and shows its decrypted code', async () => {
    const { page, context } = await open('/');
    const added = await addLatte(page);
    await page.goto(`${base}/demo/use.html`);
    await page.click('[data-wx-choose-card]');
    await page.waitForSelector('[data-wx-sim-sheet] [data-wx-sim-card]');
    await shot(page, '5-choose-sheet');
    // The coupon just added is in the simulated Cards & Offers: pick it alone.
    const cards = page.locator('[data-wx-sim-sheet] [data-wx-sim-card]');
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    await cards.first().click(); // deselect the preselected first card
    await cards.last().click();
    await page.click('[data-wx-sim="confirm"]');
    await page.waitForSelector('.code[data-code]');
    await shot(page, '6-chosen');
    const [chosen] = await events(page);
    expect(chosen).toMatchObject({ type: 'chosen', detail: { cards: [{ cardId: latte }] } });
    expect(await page.getAttribute('.code', 'data-code')).toMatch(/^\d{12}$/);
    expect(added.code).not.toBe('');
    await context.close();
  });

  it('decrypts the code on the custom-entry page and redeems it once', async () => {
    const { page, context } = await open('/');
    const added = await addLatte(page);
    // WeChat appends encrypt_code unescaped: its "+" arrives as a space.
    await page.goto(`${base}/demo/redirect.html?encrypt_code=${added.code}&card_id=${added.cardId}&outer_str=landing`);
    await page.waitForSelector('.code[data-code]');
    const code = await page.getAttribute('.code', 'data-code');
    expect(code).toMatch(/^\d{12}$/);
    await page.click('[data-redeem]');
    await page.waitForSelector('.status[data-kind="ok"]');
    await shot(page, '7-redeemed');
    await page.reload();
    await page.waitForSelector('.code[data-code]');
    await page.click('[data-redeem]');
    await page.waitForSelector('.status[data-kind="error"]');
    expect(await page.textContent('.status')).toContain('已核销');
    expect(serverLog.filter((line) => line.includes('card/code/consume'))).toEqual([expect.stringMatching(/^warn: \[wx-coupon demo\] .*errcode 40099/)]);
    await shot(page, '8-redeem-refused');
    await context.close();
  });

  it('shows Safari the open-in-WeChat fallback with a QR code, and asks for no signature', async () => {
    const { page, context, signatureRequests } = await open('/?sim=off', UA.safari);
    await page.waitForSelector('html[data-wx-coupon="not-wechat"]');
    await page.waitForSelector('.wx-coupon-fallback svg path');
    expect(await page.textContent('.wx-coupon-fallback')).toContain('请在微信中打开');
    expect(await page.getAttribute(`button[data-wx-add-card="${latte}"]`, 'data-wx-unsupported')).toBe('not-wechat');
    await page.locator('.wx-coupon-fallback').scrollIntoViewIfNeeded();
    await shot(page, '9-safari-fallback');
    await page.click(`button[data-wx-add-card="${latte}"]`);
    await page.waitForFunction(() => (window as unknown as { __events: unknown[] }).__events.length > 0);
    expect((await events(page))[0]).toMatchObject({ type: 'error', detail: { code: 'NOT_WECHAT' } });
    expect(signatureRequests).toEqual([]);
    await context.close();
  });

  it('tells WeChat 6.0.1 to update, in English when asked', async () => {
    const { page, context, signatureRequests } = await open('/?lang=en', UA.wechat601);
    await page.waitForSelector('html[data-wx-coupon="version-too-low"]');
    expect(await page.textContent('.wx-coupon-fallback')).toContain('Update WeChat to 6.0.2 or later');
    await page.locator('.wx-coupon-fallback').scrollIntoViewIfNeeded();
    await shot(page, '10-update-wechat');
    await page.click(`button[data-wx-add-card="${latte}"]`);
    await page.waitForFunction(() => (window as unknown as { __events: unknown[] }).__events.length > 0);
    expect((await events(page))[0]).toMatchObject({ type: 'error', detail: { code: 'VERSION_TOO_LOW' } });
    expect(signatureRequests).toEqual([]);
    await context.close();
  });

  it('works from one script tag under Content-Security-Policy: script-src ’self’', async () => {
    const { page, context, requests, problems } = await open('/demo/script-tag.html');
    const response = await page.reload();
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('html[data-wx-coupon="ready"]');
    await page.click('button[data-wx-add-card]');
    await page.waitForSelector('[data-wx-sim-sheet]');
    // The simulator's sheet names the coupon (data-catalog-url), not its raw card id.
    expect(await page.textContent('[data-wx-sim-sheet]')).toContain('拿铁立减 5 元');
    expect(await page.textContent('[data-wx-sim-sheet]')).not.toContain(latte);
    await page.click('[data-wx-sim="confirm"]');
    await page.waitForSelector('#toast[data-kind="ok"]:not([hidden])');
    await shot(page, '11-script-tag-csp');
    expect((await events(page))[0]).toMatchObject({ type: 'added', detail: { cards: [{ cardId: latte, isSuccess: true }] } });
    // The engine came from its companion file (prefetched when the button was bound), never the QR code.
    expect([...new Set(requests.filter((url) => url.endsWith('.iife.js')).map((url) => new URL(url).pathname))].sort()).toEqual(['/wx-coupon.engine.iife.js', '/wx-coupon.iife.js', '/wx-coupon.simulator.iife.js']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('warns once at load about a script tag’s wrong data attributes, and logs the errors no listener handled', async () => {
    const { page, context } = await open('/', UA.safari);
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    // A merchant's page with a misspelt attribute, served from the demo's origin.
    await context.route(`${base}/probe.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><button data-wx-add-card="pWxCouponDemoLatte5Off">领取</button><script src="/wx-coupon.iife.js" data-appid="wxd0c0ffee00000001" data-signature-url="/api/wx/signature"></script>' }),
    );
    await page.goto(`${base}/probe.html`);
    await page.waitForFunction(() => 'WxCoupon' in window);
    expect(messages).toEqual(['warning: wx-coupon script tag INVALID_ARGUMENT: data-appid is not an attribute wx-coupon reads: did you mean data-app-id?']);
    // The script-tag demo page's own listener shows a toast but does not preventDefault(): the
    // developer's message reaches the console.
    await page.goto(`${base}/demo/script-tag.html?sim=off`);
    await page.click('button[data-wx-add-card]');
    await page.waitForSelector('#toast[data-kind="error"]:not([hidden])');
    expect(await page.textContent('#toast')).toBe('请在微信中打开');
    expect(messages.filter((text) => text.startsWith('error: wx-coupon:error NOT_WECHAT: Not inside WeChat'))).toHaveLength(1);
    await context.close();
  });

  it('shows the script-tag fallback to desktop browsers, QR code from its own file', async () => {
    const { page, context, requests, signatureRequests } = await open('/demo/script-tag.html?sim=off', UA.safari.replace('iPhone; CPU iPhone OS 17_4 like Mac OS X', 'Macintosh; Intel Mac OS X 10_15_7'));
    await page.waitForSelector('html[data-wx-coupon="not-wechat"]');
    await page.waitForSelector('.wx-coupon-fallback svg path');
    expect(await page.textContent('.wx-coupon-fallback')).toContain('用微信扫一扫');
    // Outside WeChat: the QR companion, and no engine or weixin-js-sdk.
    expect(requests.some((url) => url.endsWith('/wx-coupon.qr.iife.js'))).toBe(true);
    expect(requests.some((url) => url.endsWith('/wx-coupon.engine.iife.js'))).toBe(false);
    await shot(page, '12-script-tag-fallback');
    expect(signatureRequests).toEqual([]);
    await context.close();
  });
});

describe('the demo with real credentials (made up, against a stand-in that refuses them)', () => {
  let realServer: PreviewServer;
  let realBase: string;
  let standIn: RunningStandIn;
  const log = serverLog;
  const saved = { ...process.env };

  beforeAll(async () => {
    // The real-mode code path with no network: WX_API_BASE points at a loopback stand-in that
    // knows another secret, so WeChat's answer is errcode 40125 as it would be for a wrong one.
    standIn = await startWeChatApiStandIn({ appId: 'wx00000000000000ff', appSecret: 'the-real-secret' });
    Object.assign(process.env, { WX_APP_ID: 'wx00000000000000ff', WX_APP_SECRET: 'a-made-up-secret', WX_API_BASE: standIn.url });
    process.env.WX_CARD_IDS = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
    delete process.env.WX_ALLOWED_ORIGINS;
    await build({ root, mode: 'demo', logLevel: 'silent', build: { outDir: 'dist-demo-real' } });
    realServer = await preview({ root, mode: 'demo', logLevel: 'silent', build: { outDir: 'dist-demo-real' }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    realBase = (realServer.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  }, 60_000);

  afterAll(async () => {
    await realServer?.close();
    await standIn?.close();
    process.env = saved;
  });

  it('prints a banner: real mode, the app id, the card ids, the origins, and what is wrong', () => {
    expect(log.find((line) => line.startsWith('info: wx-coupon demo'))).toMatch(/mode: {11}simulator .*\n.*wxd0c0ffee00000001[\s\S]*warnings: {7}none$/);
    const banner = log.filter((line) => line.startsWith('info: wx-coupon demo')).at(-1) ?? '';
    expect(banner).toContain('mode:           REAL WeChat API at http://127.0.0.1:');
    expect(banner).toContain('app id:         wx00000000000000ff');
    expect(banner).toContain('card ids:       pFS7Fjg8kV1IdDz01r4SQwMkuCKc (WX_CARD_IDS)');
    expect(banner).toContain('! WX_ALLOWED_ORIGINS is unset');
    expect(log.join('\n')).not.toContain('a-made-up-secret');
  });

  it('logs the upstream errcode and its hint, and the page gets status and serverCode with shopper words on screen', async () => {
    const context = await browser.newContext({ userAgent: UA.wechat, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await context.route(/weixin\.qq\.com/, (route) => route.abort());
    const page = await context.newPage();
    const signature = page.waitForResponse((response) => response.url().includes('/api/wx/signature'));
    await page.goto(`${realBase}/`);
    expect(await page.locator('script[src*="simulator"]').count()).toBe(0);
    expect((await signature).status()).toBe(502);
    const failure = await page.evaluate(
      () =>
        new Promise<{ code: string; status?: number; serverCode?: string; message: string }>((resolve) => {
          document.addEventListener('wx-coupon:error', (event) => {
            const { error } = (event as CustomEvent).detail;
            resolve({ code: error.code, status: error.status, serverCode: error.serverCode, message: error.message });
          }, { once: true });
          document.querySelector<HTMLButtonElement>('button[data-wx-add-card]')!.click();
        }),
    );
    // The tap sends the signature and card_ext requests together and both fail: the page's
    // verification is the failure reported, whichever answer comes first.
    expect(failure).toMatchObject({ code: 'SIGNATURE_FAILED', status: 502, serverCode: 'upstream_error', message: expect.stringMatching(/^Your server’s call to WeChat failed, so the signature endpoint .* errcode 40125/) });
    await page.waitForSelector('#toast[data-kind="error"]:not([hidden])');
    expect(await page.textContent('#toast')).toBe('暂时无法完成，请稍后再试');
    const upstream = log.filter((line) => line.includes('WeChat API call failed appId="wx00000000000000ff"'));
    expect(upstream[0]).toMatch(/^warn: \[wx-coupon demo\] wx-coupon: WeChat API call failed appId="wx00000000000000ff" path="cgi-bin\/stable_token" error="WeChat API cgi-bin\/stable_token answered errcode 40125: invalid appsecret \(check appSecret/);
    expect(log.join('\n')).not.toMatch(/a-made-up-secret|the-real-secret|access_token=/);
    await context.close();
  });
});
