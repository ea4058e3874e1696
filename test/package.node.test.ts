// The package as Node sees it: importing must work and touch no browser global.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
let project: string;

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: `npm test` builds first (npm run build).');
  // A throwaway project that depends on wx-coupon, the way a merchant's server would.
  project = mkdtempSync(join(tmpdir(), 'wx-coupon-consumer-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(root, join(project, 'node_modules', 'wx-coupon'), 'dir');
  copyFileSync(join(root, 'test/fixtures/import-probe.mjs'), join(project, 'import-probe.mjs'));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function runNode(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: project, encoding: 'utf8' });
}

describe('import in plain Node', () => {
  it('imports wx-coupon and works without a window', () => {
    const out = runNode(`
      const m = await import('wx-coupon');
      const env = m.detectWeChat('Mozilla/5.0 (iPhone) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c)');
      console.log(JSON.stringify({ env, ctx: m.readCouponContext('https://x/?card_id=pA&encrypt_code=a+b'), min: m.MIN_CARDS_VERSION, here: m.detectWeChat() }));
    `);
    const result = JSON.parse(out);
    expect(result.env).toMatchObject({ client: 'wechat', version: '8.0.47', cardsSupported: true });
    expect(result.ctx).toEqual({ cardId: 'pA', encryptCode: 'a+b', openid: null, outerStr: null });
    expect(result.min).toBe('6.0.2');
    expect(result.here).toMatchObject({ client: 'other', reason: 'not-wechat' });
  });

  it('imports wx-coupon/redirect', () => {
    expect(runNode(`const m = await import('wx-coupon/redirect'); console.log(typeof m.readCouponContext);`).trim()).toBe('function');
  });

  it('touches no window, document or navigator while importing, and loads no weixin-js-sdk', () => {
    for (const entry of ['wx-coupon', 'wx-coupon/redirect', 'wx-coupon/simulator', 'wx-coupon/server']) {
      const out = execFileSync(process.execPath, [join(project, 'import-probe.mjs'), entry], { cwd: project, encoding: 'utf8' });
      // weixin-js-sdk would warn "can't use weixin-js-sdk in server side" had it been loaded.
      expect(JSON.parse(out)).toEqual({ touched: [], warnings: [] });
    }
  });
});
