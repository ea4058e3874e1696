// The package as Node sees it: importing must work and touch no browser global.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

describe('what reaches the browser', () => {
  /** A built browser entry and every dist file it imports, followed through relative imports. */
  function moduleGraph(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const code = readFileSync(entry, 'utf8');
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) moduleGraph(resolve(dirname(entry), spec as string), seen);
    return seen;
  }

  it('carries no signing code: the script-tag files and the module build of wx-coupon and wx-coupon/redirect never hash', () => {
    const files = new Set([
      ...['wx-coupon.iife.js', 'wx-coupon.engine.iife.js', 'wx-coupon.qr.iife.js'].map((name) => join(root, 'dist', name)),
      ...moduleGraph(join(root, 'dist/index.js')),
      ...moduleGraph(join(root, 'dist/redirect.js')),
    ]);
    expect(files.size).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      // sign.ts hashes with Web Crypto; the simulator, which re-signs to check, is never imported here.
      expect({ file, hashes: /\bsubtle\b|\.digest\(|createHash/.test(code) }).toEqual({ file, hashes: false });
    }
    // The check can see signing code where it is: the simulator's bundle has it.
    expect(/\bsubtle\b/.test(readFileSync(join(root, 'dist/wx-coupon.simulator.iife.js'), 'utf8'))).toBe(true);
  });
});
