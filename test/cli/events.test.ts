// `wx-coupon events`: a receiver on 127.0.0.1 printing each pushed event, fed by the pusher.
import { afterEach, expect, it } from 'vitest';
import { runEventsCommand, type RunningEventsCommand } from '../../src/cli/events';
import { createCardEventPusher } from '../../src/simulator/api';

const TOKEN = 'cliToken42';
const APP_ID = 'wxc11c11c11c11c11c';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const running: RunningEventsCommand[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((command) => command.close()));
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } } };
}

async function start(options: { json?: boolean; encodingAESKey?: string; lang?: 'zh-CN' | 'en' }) {
  const { out, err, io } = capture();
  const command = await runEventsCommand({ port: 0, token: TOKEN, appId: APP_ID, path: '/wx/events', ...options }, io);
  running.push(command);
  return { command, out, err };
}

const event = { Event: 'user_get_card', FromUserName: 'oUser1', CreateTime: Math.floor(Date.now() / 1000), CardId: 'pCard1', UserCardCode: '2260', IsGiveByFriend: 0, OuterStr: '海报 A' };

it('prints one line per event, on 127.0.0.1, and says where it listens without the token', async () => {
  const { command, out, err } = await start({});
  expect(command.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wx\/events$/);
  const pusher = createCardEventPusher({ url: command.url, token: TOKEN, appId: APP_ID, mode: 'plain' });
  pusher.push(event);
  pusher.push({ Event: 'subscribe', FromUserName: 'oUser2', CreateTime: event.CreateTime, EventKey: 'qrscene_1' });
  await pusher.idle();
  const lines = out.join('').trimEnd().split('\n').sort();
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ subscribe \(unknown\) fromUserName=oUser2 EventKey="qrscene_1"$/);
  expect(lines[1]).toMatch(/ user_get_card fromUserName=oUser1 cardId=pCard1 userCardCode=2260 isGiveByFriend=false outerStr="海报 A"$/);
  expect(err.join('')).toContain(command.url);
  expect([...out, ...err].join('')).not.toContain(TOKEN);
});

it('--json: one JSON object per line (safe mode), and refused pushes go to stderr', async () => {
  const { command, out, err } = await start({ json: true, encodingAESKey: AES_KEY });
  const pusher = createCardEventPusher({ url: command.url, token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, mode: 'safe' });
  pusher.push(event);
  const forger = createCardEventPusher({ url: command.url, token: 'wrongToken1', appId: APP_ID, encodingAESKey: AES_KEY, mode: 'safe' });
  forger.push(event);
  await Promise.all([pusher.idle(), forger.idle()]);
  expect(out).toHaveLength(1);
  expect(JSON.parse(out[0]!)).toEqual({
    event: 'user_get_card',
    toUserName: 'gh_c11c11c11c11',
    fromUserName: 'oUser1',
    createTime: event.CreateTime,
    cardId: 'pCard1',
    userCardCode: '2260',
    isGiveByFriend: false,
    outerStr: '海报 A',
  });
  expect(err.join('')).toContain('已拒绝一次推送：403 invalid_signature');
  expect([...out, ...err].join('')).not.toContain(AES_KEY);
});

it('speaks English with lang en', async () => {
  const { command, err } = await start({ lang: 'en' });
  expect(err.join('')).toContain(`Receiving WeChat pushes for ${APP_ID} (plain mode) on ${command.url}`);
});

it('close() stops listening', async () => {
  const { command } = await start({});
  await command.close();
  running.length = 0;
  await expect(fetch(command.url)).rejects.toThrow();
});
