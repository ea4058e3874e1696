// `npx wx-coupon events` as a process: options and environment, JSON lines on stdout, the token
// kept out of everything it prints, exit 2 on bad input and 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { createCardEventPusher } from '../../src/simulator/api';
import { CLI, runCli } from './runCli';

const TOKEN = 'eventsCliToken7';
const APP_ID = 'wxc11c11c11c11c11c';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

it('receives pushes on 127.0.0.1 (token and key from the environment), prints each as one JSON line, and exits 0 on SIGTERM', async () => {
  const env = { ...process.env, LANG: 'en_US.UTF-8', WX_PUSH_TOKEN: TOKEN, WX_ENCODING_AES_KEY: AES_KEY, WX_APP_ID: APP_ID };
  const child = spawn(process.execPath, [CLI, 'events', '--port', '0', '--path', '/wx/events', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/wx\/events/.test(stderr), { timeout: 10_000 }).toBe(true);
    const url = /http:\/\/127\.0\.0\.1:\d+\/wx\/events/.exec(stderr)![0];
    const pusher = createCardEventPusher({ url, token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, mode: 'safe' });
    pusher.push({ Event: 'user_get_card', FromUserName: 'oUser1', CreateTime: Math.floor(Date.now() / 1000), CardId: 'pCard1', UserCardCode: '2260', IsGiveByFriend: 0, OuterStr: 'poster-1' });
    await pusher.idle();
    expect(pusher.deliveries.every((delivery) => delivery.acknowledged)).toBe(true);
    await expect.poll(() => stdout.trim().split('\n').filter(Boolean).length, { timeout: 5_000 }).toBe(1);
    expect(JSON.parse(stdout.trim())).toMatchObject({ event: 'user_get_card', cardId: 'pCard1', userCardCode: '2260', outerStr: 'poster-1', isGiveByFriend: false });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(stdout + stderr).not.toContain(TOKEN);
  expect(stdout + stderr).not.toContain(AES_KEY);
}, 30_000);

it('exits 2 without a token, or with a key that is not an EncodingAESKey, saying what to pass', async () => {
  const noToken = await runCli(['events', '--port', '0']);
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toContain('--token, or WX_PUSH_TOKEN');
  const badKey = await runCli(['events', '--port', '0', '--token', TOKEN, '--aes-key', 'short-key']);
  expect(badKey.code).toBe(2);
  expect(badKey.stderr).toContain('43 letters and digits');
  expect(badKey.stderr + badKey.stdout).not.toContain(TOKEN);
});

it('has --help in English and zh-CN', async () => {
  expect((await runCli(['events', '--help'])).stdout).toContain('--aes-key <key>');
  expect((await runCli(['events', '--help', '--lang', 'zh-CN'])).stdout).toContain('卡券事件推送');
});
