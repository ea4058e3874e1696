// npm run screenshots: every demo page at 390 px in Chromium, simulated and in real-credential
// mode, into docs/screenshots (look at each one before committing them). Real mode runs with
// made-up credentials against a WeChat API stand-in on loopback (WX_API_BASE) that refuses
// them, as WeChat would: no network. Needs `npm run build` first, /usr/bin/chromium and CJK
// fonts (apt-get install -y fonts-noto-cjk).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { startWeChatApiStandIn } from '../dist/simulator-api.js';
import { root } from './lib/bundle.mjs';

const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const UA = {
  wechat: 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240301 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  wechat601: 'Mozilla/5.0 (Linux; Android 4.4.2; Coolpad 8297 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36 MicroMessenger/6.0.1.60_r927066.480 NetType/WIFI',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};

async function serve(outDir) {
  await build({ root, mode: 'demo', logLevel: 'warn', build: { outDir } });
  const server = await preview({ root, mode: 'demo', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  return { server, base: (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '') };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [];
async function shoot(base, name, path, { userAgent = UA.wechat, act, fullPage = true, booted = true } = {}) {
  const context = await browser.newContext({ userAgent, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  await context.route(/weixin\.qq\.com/, (route) => route.abort()); // the SDK's telemetry beacon
  const page = await context.newPage();
  await page.goto(base + path);
  if (booted) await page.waitForSelector('html[data-wx-coupon]', { state: 'attached' }); // the page has run demo/lib/boot.ts
  if (act) await act(page);
  await page.waitForTimeout(300); // let the QR code and toasts paint
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  shots.push(name);
  await context.close();
}
const tapAndConfirm = (selector) => async (page) => {
  await page.click(selector);
  await page.waitForSelector('[data-wx-sim-sheet]');
};

// Simulated WeChat (the default demo).
const simulated = await serve('dist-demo');
{
  const { base } = simulated;
  await shoot(base, 'landing', '/');
  await shoot(base, 'add-sheet', '/', { act: tapAndConfirm('button[data-wx-add-card]'), fullPage: false });
  await shoot(base, 'added', '/', {
    act: async (page) => {
      await tapAndConfirm('button[data-wx-add-card]')(page);
      await page.click('[data-wx-sim="confirm"]');
      await page.waitForSelector('#toast[data-kind="ok"]:not([hidden])');
    },
    fullPage: false,
  });
  await shoot(base, 'use', '/demo/use.html', {
    act: async (page) => {
      await page.click('[data-wx-choose-card]');
      await page.waitForSelector('[data-wx-sim-sheet] [data-wx-sim-card]');
      await page.click('[data-wx-sim="confirm"]');
      await page.waitForSelector('.code[data-code]');
    },
  });
  // After the add and the redemption above: the merchant console's feed and tally per outer_str.
  await shoot(base, 'console', '/demo/console.html', { booted: false, act: (page) => page.waitForSelector('#tally tr') });
  await shoot(base, 'redirect-stale-link', '/demo/redirect.html?encrypt_code=bm90LWEtcmVhbC1jb2Rl&card_id=pFS7Fjg8kV1IdDz01r4SQwMkuCKc', { booted: false, act: (page) => page.waitForSelector('.code[data-kind="error"]') });
  await shoot(base, 'fallback', '/?sim=off', { userAgent: UA.safari, act: (page) => page.waitForSelector('.wx-coupon-fallback svg path') });
  await shoot(base, 'update-wechat', '/', {
    userAgent: UA.wechat601,
    act: async (page) => {
      await page.click('button[data-wx-add-card]');
      await page.waitForSelector('#toast[data-kind="error"]:not([hidden])');
    },
    fullPage: false,
  });
  await shoot(base, 'script-tag-sheet', '/demo/script-tag.html', { act: tapAndConfirm('button[data-wx-add-card]'), fullPage: false });
  await shoot(base, 'script-tag-fallback', '/demo/script-tag.html?sim=off', { userAgent: UA.safari, act: (page) => page.waitForSelector('.wx-coupon-fallback svg path') });
  await simulated.server.close();
}

// Real-credential mode with made-up credentials: the stand-in refuses the secret (errcode 40125).
const standIn = await startWeChatApiStandIn({ appId: 'wx00000000000000ff', appSecret: 'the-real-secret' });
Object.assign(process.env, { WX_APP_ID: 'wx00000000000000ff', WX_APP_SECRET: 'a-made-up-secret', WX_API_BASE: standIn.url, WX_CARD_IDS: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc' });
const real = await serve('dist-demo-real');
{
  const { base } = real;
  const tapFails = async (page) => {
    await page.click('button[data-wx-add-card]');
    await page.waitForSelector('#toast[data-kind="error"]:not([hidden])');
  };
  await shoot(base, 'real-mode-server-failed', '/', { act: tapFails, fullPage: false });
  await shoot(base, 'real-mode-not-wechat', '/', { userAgent: UA.safari, act: (page) => page.waitForSelector('.wx-coupon-fallback svg path') });
  await real.server.close();
}
await standIn.close();
await browser.close();
console.log(`docs/screenshots: ${shots.map((name) => `${name}.png`).join(', ')}`);
