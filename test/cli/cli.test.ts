// `wx-coupon` tested as a process: every command, its exit codes (0 done, 1 WeChat refused,
// 2 bad input, 3 unreachable), --json, --help in both languages, and the seed's broken JSON.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO_STEPS } from '../../src/cli/commands/hello';
import { OFFLINE_APP } from '../../src/cli/offlineApp';
import { sampleLogo } from '../../src/cli/sampleLogo';
import { CLI, documentOf, runCli, startStandInProcess } from './runCli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wx-coupon-cli-'));
  writeFileSync(join(dir, 'logo.png'), sampleLogo());
  writeFileSync(join(dir, 'not-an-image.png'), 'just text');
  copyFileSync(resolve(import.meta.dirname, '../fixtures/seed-create-coupon.json'), join(dir, 'seed.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cardFile(name: string, logoUrl: string, title = 'CLI 测试券'): string {
  const file = join(dir, name);
  const card = {
    card: {
      card_type: 'CASH',
      cash: {
        base_info: {
          logo_url: logoUrl,
          code_type: 'CODE_TYPE_QRCODE',
          brand_name: '测试商户',
          title,
          color: 'Color010',
          notice: '结账时出示券码',
          description: '命令行测试',
          sku: { quantity: 100 },
          date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 30, fixed_begin_term: 0 },
          get_limit: 5,
        },
        least_cost: 0,
        reduce_cost: 500,
      },
    },
  };
  writeFileSync(file, JSON.stringify(card, null, 2));
  return file;
}

describe('wx-coupon hello (embedded stand-in)', { timeout: 60_000 }, () => {
  it('--json: one JSON object with the seven steps done, the card, its QR page and the redeemed code', async () => {
    const run = await runCli(['hello', '--json']);
    expect(run.code).toBe(0);
    const document = documentOf(run);
    expect(document.steps.map((step: { name: string; ok: boolean }) => [step.name, step.ok])).toEqual(HELLO_STEPS.map((name) => [name, true]));
    expect(document.mode).toBe('embedded');
    expect(document.cardId).toMatch(/^p[\w-]{27}$/);
    expect(document.showQrcodeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__sim\/showqrcode\?ticket=/);
    expect(document.consumedCode).toMatch(/^\d{12}$/);
    // Like the sandbox account: the card was still under review, so the whitelist let the user add it.
    expect(document.steps[2].status).toBe('CARD_STATUS_NOT_VERIFY');
    expect(run.stdout).not.toContain(OFFLINE_APP.appSecret);
    // The stand-in's access_tokens are <time>_<100 characters>: none is printed, only its lifetime.
    expect(run.stdout + run.stderr).not.toMatch(/[a-z0-9]+_[\w-]{100}/i);
    expect(document.steps[0]).toEqual({ name: 'access_token', ok: true, expiresInSeconds: expect.any(Number) });
  });

  it('prints each step, in zh-CN by default, with the QR code drawn in the terminal', async () => {
    const run = await runCli(['hello'], { LANG: 'C.UTF-8' });
    expect(run.code).toBe(0);
    for (const [i, title] of ['获取 access_token', '上传卡券 logo', '创建卡券', '创建投放二维码', '显示二维码', '设置测试白名单', '核销卡券'].entries()) {
      expect(run.stdout).toContain(`[${i + 1}/7] ${title}`);
    }
    expect(run.stdout).toMatch(/[▀▄█]{20,}/);
    expect(run.stdout).toMatch(/券码 \d{12} 已核销/);
  });

  it('--keep-open keeps the embedded stand-in serving the QR page until SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'hello', '--keep-open'], { env: { ...process.env, LANG: 'en_US.UTF-8', WX_APP_ID: '', WX_APP_SECRET: '', WX_STAND_IN_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', resolvePromise));
    await new Promise<void>((resolvePromise) => child.stderr.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('keeps serving') && resolvePromise()));
    const page = /show_qrcode_url (\S+)/.exec(stdout)?.[1] as string;
    const answer = await fetch(page);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<svg');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--json on a failed step: the steps so far, the failing one, and the error', async () => {
    const run = await runCli(['hello', '--logo', join(dir, 'not-an-image.png'), '--json']);
    expect(run.code).toBe(2);
    const document = documentOf(run);
    expect(document).toMatchObject({ ok: false, cardId: null, consumedCode: null, error: { code: 'image_rejected' } });
    expect(document.steps.map((step: { name: string; ok: boolean }) => [step.name, step.ok])).toEqual([['access_token', true], ['upload_logo', false]]);
  });
});

describe('wx-coupon commands against `wx-coupon stand-in`', { timeout: 60_000 }, () => {
  let standIn: Awaited<ReturnType<typeof startStandInProcess>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    standIn = await startStandInProcess();
    env = { WX_STAND_IN_URL: standIn.url };
  });
  afterAll(async () => {
    expect(await standIn.stop()).toBe(0);
  });

  it('logo, create, get, qrcode, whitelist, stock, decrypt and consume share the running stand-in', async () => {
    const logo = await runCli(['logo', join(dir, 'logo.png'), '--json'], env);
    expect(logo.code).toBe(0);
    const { logoUrl } = documentOf(logo);
    expect(logoUrl).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);

    const created = await runCli(['create', cardFile('card.json', logoUrl)], env);
    expect(created.code).toBe(0);
    const cardId = /card_id (p[\w-]+)/.exec(created.stdout)?.[1] as string;
    expect(cardId).toBeDefined();
    expect(created.stderr).not.toContain('embedded');

    const got = await runCli(['get', cardId, '--json'], env);
    expect(got.code).toBe(0);
    expect(documentOf(got)).toMatchObject({ ok: true, mode: 'stand-in', cardId, cardType: 'CASH' });
    expect(documentOf(got).card.cash.base_info.title).toBe('CLI 测试券');

    expect((await runCli(['stock', cardId, '+5'], env)).code).toBe(0);
    expect((await runCli(['stock', cardId, '-3'], env)).code).toBe(0);
    const afterStock = await runCli(['get', cardId], env);
    expect(afterStock.stdout).toMatch(/stock: 102\b/);

    const qr = await runCli(['qrcode', cardId, '--outer-str', 'poster-7', '--json'], env);
    expect(qr.code).toBe(0);
    const { ticket, showQrcodeUrl } = documentOf(qr);
    expect(showQrcodeUrl).toContain(`${standIn.url}/__sim/showqrcode?ticket=`);
    const page = await fetch(showQrcodeUrl);
    expect(page.status).toBe(200);
    const drawn = await runCli(['qrcode', cardId], env);
    expect(drawn.stdout).toMatch(/[▀▄█]{20,}/);

    const whitelisted = await runCli(['whitelist', 'oWxCouponCliSimulatedUser001', 'some-wechat-id', '--json'], env);
    expect(whitelisted.code).toBe(0);
    expect(documentOf(whitelisted)).toMatchObject({ openids: ['oWxCouponCliSimulatedUser001'], usernames: ['some-wechat-id'] });

    // The simulated user scans the QR code (as a phone would) and holds a code.
    const scan = (await (await fetch(`${standIn.url}/__sim/scan`, { method: 'POST', body: JSON.stringify({ ticket }) })).json()) as { card_list: Array<{ code: string; encrypt_code: string }> };
    const { code, encrypt_code: encryptCode } = scan.card_list[0]!;

    const decrypted = await runCli(['decrypt', encryptCode, '--json'], env);
    expect(decrypted.code).toBe(0);
    expect(documentOf(decrypted).code).toBe(code);

    const consumed = await runCli(['consume', code, '--json'], env);
    expect(consumed.code).toBe(0);
    expect(documentOf(consumed)).toMatchObject({ code, cardId });

    // WeChat refuses a second redemption: exit 1, errcode and the table's hint.
    const again = await runCli(['consume', code], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('errcode 40099');
    expect(again.stderr).toMatch(/hint: .+/);
    const againJson = documentOf(await runCli(['consume', code, '--json'], env));
    expect(againJson).toMatchObject({ ok: false, error: { errcode: 40099, path: 'card/code/consume' } });
    expect(againJson.error.hint).toEqual(expect.any(String));
  });

  it('hello on the real-API path (WX_APP_ID, WX_APP_SECRET, WX_API_BASE): whitelists --username, and redeems only a code it is given', async () => {
    const real = { WX_APP_ID: OFFLINE_APP.appId, WX_APP_SECRET: OFFLINE_APP.appSecret, WX_API_BASE: standIn.url };
    const run = await runCli(['hello', '--json', '--username', 'my-wechat-id'], real);
    expect(run.code).toBe(0);
    const document = documentOf(run);
    expect(document).toMatchObject({ ok: true, mode: 'real', consumedCode: null });
    expect(document.steps[5]).toMatchObject({ name: 'set_test_whitelist', ok: true, usernames: ['my-wechat-id'], openids: [] });
    // No phone, no terminal to type the code in: step 7 is skipped, not failed.
    expect(document.steps[6]).toEqual({ name: 'redeem', ok: false, skipped: true });
    expect(run.stdout).not.toContain(OFFLINE_APP.appSecret);

    const wrongCode = await runCli(['hello', '--json', '--code', '000000000000'], real);
    expect(wrongCode.code).toBe(1);
    const failed = documentOf(wrongCode);
    expect(failed.steps[5]).toEqual({ name: 'set_test_whitelist', ok: false, skipped: true });
    expect(failed.steps[6]).toMatchObject({ name: 'redeem', ok: false, error: { errcode: 40056 } });
    expect(failed.error).toMatchObject({ errcode: 40056, path: 'card/code/consume' });
  });

  it('exit 1 with the errcode and a zh-CN hint for a card WeChat does not know', async () => {
    const run = await runCli(['get', 'pNoSuchCardNoSuchCardNoSuchCa'], { ...env, LANG: 'zh_CN.UTF-8' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('errcode 40073');
    expect(run.stderr).toMatch(/提示：.+/);
  });

  it('never prints the AppSecret, also when WeChat refuses it', async () => {
    const secret = 'a-secret-that-must-never-be-printed-0001';
    for (const args of [['hello', '--json'], ['get', 'pX']]) {
      const run = await runCli(args, { ...env, WX_APP_ID: OFFLINE_APP.appId, WX_APP_SECRET: secret });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('40125');
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
});

describe('bad input: exit 2, nothing sent', { timeout: 60_000 }, () => {
  it("create on the coupon overview's own JSON example names the lines and what is missing", async () => {
    const run = await runCli(['create', join(dir, 'seed.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON');
    expect(run.stderr).toMatch(/seed\.json:16:\d+: '}' missing: "date_info" \(opened on line 13\) is not closed before line 17/);
    expect(run.stderr).toMatch(/seed\.json:30:\d+: this string is not closed/);
    expect(run.stderr).toMatch(/'}}}' missing at the end of the file/);
    const json = documentOf(await runCli(['create', join(dir, 'seed.json'), '--json']));
    expect(json.ok).toBe(false);
    expect(json.error.code).toBe('bad_input');
    expect(json.error.details.some((line: string) => line.includes('U+00A0'))).toBe(true);
  });

  it('create lists every rule the card breaks, with its field path', async () => {
    const run = await runCli(['create', cardFile('bad.json', 'https://example.com/logo.png', '这个标题对微信来说实在是太长了吧')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('card.cash.base_info.title');
    expect(run.stderr).toContain('card.cash.base_info.logo_url');
    const json = documentOf(await runCli(['create', join(dir, 'bad.json'), '--json']));
    expect(json.error.code).toBe('card_validation_failed');
    expect(json.error.issues.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(['card.cash.base_info.title', 'card.cash.base_info.logo_url']));
  });

  it('logo refuses a file that is not a JPG or PNG; stock wants a sign; arguments are checked', async () => {
    expect((await runCli(['logo', join(dir, 'not-an-image.png')])).code).toBe(2);
    expect((await runCli(['logo', join(dir, 'missing.png')])).code).toBe(2);
    const unsigned = await runCli(['stock', 'pX', '5']);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('+N or -N');
    expect((await runCli(['create'])).code).toBe(2);
    expect((await runCli(['create', join(dir, 'nothing-here.json')])).code).toBe(2);
    expect((await runCli(['qrcode', 'pX', '--expire', '5'])).code).toBe(2);
    const unknown = await runCli(['no-such-command']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
    const missing = await runCli(['get'], { LANG: 'zh_CN.UTF-8' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("错误：缺少参数 'card_id'");
    expect((await runCli(['get', 'pX', '--stand-in-url', 'ftp://x'])).code).toBe(2);
  });

  it('stand-in on a port in use says so', async () => {
    const taken = createServer();
    await new Promise<void>((resolvePromise) => taken.listen(0, '127.0.0.1', resolvePromise));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runCli(['stand-in', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Port ${port} is in use`);
    } finally {
      taken.close();
    }
  });
});

describe('which WeChat', { timeout: 60_000 }, () => {
  it('WX_APP_ID and WX_APP_SECRET choose the real API (seen before anything is sent: the file is refused first)', async () => {
    const secret = 'real-secret-never-printed-000000000001';
    const run = await runCli(['create', join(dir, 'seed.json'), '--json'], { WX_APP_ID: 'wx0123456789abcdef', WX_APP_SECRET: secret });
    expect(run.code).toBe(2);
    expect(documentOf(run)).toMatchObject({ ok: false, mode: 'real', error: { code: 'bad_input' } });
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('is the bin package.json names, a Node script', async () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(resolve(import.meta.dirname, '../..', pkg.bin['wx-coupon'] as string)).toBe(CLI);
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('exit 3 when WeChat cannot be reached', { timeout: 60_000 }, () => {
  it('names the stand-in URL it tried', async () => {
    const run = await runCli(['get', 'pX', '--stand-in-url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('http://127.0.0.1:9');
  });
});

describe('--help', { timeout: 60_000 }, () => {
  const commands = ['hello', 'create', 'logo', 'qrcode', 'whitelist', 'get', 'stock', 'consume', 'decrypt', 'stand-in'];

  it('on every command, in English and in zh-CN', async () => {
    const runs = await Promise.all(
      commands.map(async (command) => ({
        command,
        en: await runCli([command, '--help'], { LANG: 'en_US.UTF-8' }),
        zh: await runCli([command, '--help', '--lang', 'zh-CN'], { LANG: 'en_US.UTF-8' }),
      })),
    );
    for (const { command, en, zh } of runs) {
      expect(en.code).toBe(0);
      expect(en.stdout).toContain(`Usage: wx-coupon ${command}`);
      expect(en.stdout).toContain('--json');
      expect(zh.code).toBe(0);
      expect(zh.stdout).toContain(`用法： wx-coupon ${command}`);
      expect(zh.stdout).not.toContain('Usage:');
    }
    const top = await runCli(['--help']);
    for (const command of commands) expect(top.stdout).toContain(command);
    expect(top.stdout).toContain('Exit codes: 0 done, 1 WeChat refused');
  });
});

it('--version prints the version in package.json, wherever the build puts the CLI modules', async () => {
  const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  const run = await runCli(['--version']);
  expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
});
