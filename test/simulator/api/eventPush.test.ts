// The pusher (WeChat's side) against the receiver (the merchant's side), end to end: in all
// three modes, with WeChat's retries, and the receiver's dedupe. The wire format is also read
// with independent code (node:crypto, wechat-crypto), so the two halves cannot share a mistake.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createCardEventHandler, toNodeListener, type CardEvent, type CardEventHandlerOptions } from '../../../src/server';
import { cardEventXml, createCardEventPusher, type CardEventPusherOptions, type StandInCardEvent } from '../../../src/simulator/api';

const TOKEN = 'pusherToken77';
const APP_ID = 'wx1234567890abcdef';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const URL_ = 'http://127.0.0.1/api/wx/events';
const WXBizMsgCrypt = createRequire(import.meta.url)('wechat-crypto') as new (token: string, key: string, id: string) => {
  decrypt(text: string): { message: string; id: string };
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
};

const getCard = (overrides: Partial<StandInCardEvent> = {}): StandInCardEvent => ({
  Event: 'user_get_card',
  FromUserName: 'oUser123',
  CreateTime: Math.floor(Date.now() / 1000),
  CardId: 'pCard1',
  UserCardCode: '226009850808',
  IsGiveByFriend: 0,
  OuterStr: 'poster-a',
  IsRestoreMemberCard: 0,
  ...overrides,
});

function world(receiverOptions: Partial<CardEventHandlerOptions> = {}, pusherOptions: Partial<CardEventPusherOptions> = {}) {
  const events: CardEvent[] = [];
  const mode = pusherOptions.mode ?? 'plain';
  const handler = createCardEventHandler({
    token: TOKEN,
    appId: APP_ID,
    ...(mode === 'plain' ? {} : { encodingAESKey: AES_KEY }),
    onEvent: (event) => void events.push(event),
    failureAnswerDelayMs: 400,
    ...receiverOptions,
  });
  const requests: Request[] = [];
  const pusher = createCardEventPusher({
    url: URL_,
    token: TOKEN,
    appId: APP_ID,
    encodingAESKey: AES_KEY,
    mode,
    timeoutMs: 250,
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return handler(request);
    },
    ...pusherOptions,
  });
  return { events, pusher, requests };
}

describe('createCardEventPusher → createCardEventHandler', () => {
  it.each(['plain', 'compatible', 'safe'] as const)('%s mode: the event arrives typed, once, acknowledged on the first attempt', async (mode) => {
    const { events, pusher } = world({}, { mode });
    pusher.push(getCard());
    pusher.push({ Event: 'user_consume_card', FromUserName: 'oUser123', CreateTime: 1700000000, CardId: 'pCard1', UserCardCode: '226009850808', ConsumeSource: 'FROM_API', OuterStr: 'counter-3' });
    await pusher.idle();
    expect(events).toHaveLength(2);
    events.sort((a, b) => a.event.localeCompare(b.event)); // pushed concurrently, as WeChat does: no order promised
    expect(events[1]).toMatchObject({ event: 'user_get_card', fromUserName: 'oUser123', cardId: 'pCard1', userCardCode: '226009850808', isGiveByFriend: false, outerStr: 'poster-a' });
    expect(events[0]).toMatchObject({ event: 'user_consume_card', consumeSource: 'FROM_API', outerStr: 'counter-3', createTime: 1700000000 });
    expect(pusher.deliveries.map((d) => [d.acknowledged, d.attempts.length, d.attempts[0]?.body])).toEqual([
      [true, 1, 'success'],
      [true, 1, 'success'],
    ]);
  });

  it('an onEvent that fails once gets the event again exactly once, through WeChat’s retry', async () => {
    let calls = 0;
    const { pusher } = world({
      onEvent: () => {
        calls++;
        if (calls === 1) throw new Error('first try fails');
      },
    });
    pusher.push(getCard());
    await pusher.idle();
    expect(calls).toBe(2);
    const [delivery] = pusher.deliveries;
    expect(delivery?.attempts.map((a) => a.outcome)).toEqual(['timeout', 'answered']);
    expect(delivery?.acknowledged).toBe(true);
  });

  it('a slow onEvent: WeChat gives up and retries, the retry waits for the first and onEvent runs once', async () => {
    let calls = 0;
    const { pusher } = world({
      onEvent: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
    });
    pusher.push(getCard());
    await pusher.idle();
    expect(calls).toBe(1);
    const [delivery] = pusher.deliveries;
    expect(delivery?.attempts.at(-1)).toMatchObject({ outcome: 'answered', status: 200, body: 'success' });
    expect(delivery?.attempts.length).toBeGreaterThan(1);
  });

  it('a receiver that never answers: pushed 1 + 3 times, then given up', async () => {
    const pusher = createCardEventPusher({ url: URL_, token: TOKEN, appId: APP_ID, mode: 'plain', timeoutMs: 30, fetch: () => new Promise<Response>(() => {}) });
    pusher.push(getCard());
    await pusher.idle();
    expect(pusher.deliveries[0]).toMatchObject({ settled: true, acknowledged: false });
    expect(pusher.deliveries[0]?.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
  });

  it('an answer that is an error is not retried (WeChat documents retries for missing answers only); a refused connection is', async () => {
    let calls = 0;
    const refusing = createCardEventPusher({
      url: URL_,
      token: TOKEN,
      appId: APP_ID,
      mode: 'plain',
      retryDelaysMs: [5, 5],
      fetch: async () => {
        calls++;
        if (calls === 1) throw new TypeError('fetch failed');
        return new Response('{"error":"x"}', { status: 403 });
      },
    });
    refusing.push(getCard());
    await refusing.idle();
    expect(refusing.deliveries[0]?.attempts.map((a) => [a.outcome, a.status])).toEqual([
      ['network_error', undefined],
      ['answered', 403],
    ]);
    expect(refusing.deliveries[0]?.acknowledged).toBe(false);
  });
});

describe('the pushed request, read with independent code', () => {
  it('plain: signature = sha1(sorted token, timestamp, nonce); XML with CDATA text and bare numbers, in WeChat’s order', async () => {
    const { pusher, requests } = world();
    pusher.push(getCard({ CreateTime: 1472551036, OuterStr: 'a]]>b' }));
    await pusher.idle();
    const request = requests[0]!;
    const query = new URL(request.url).searchParams;
    const expected = createHash('sha1')
      .update([TOKEN, query.get('timestamp')!, query.get('nonce')!].sort().join(''))
      .digest('hex');
    expect(query.get('signature')).toBe(expected);
    expect(query.get('openid')).toBe('oUser123');
    expect(query.has('encrypt_type')).toBe(false);
    expect(await request.text()).toBe(
      '<xml><ToUserName><![CDATA[gh_1234567890ab]]></ToUserName><FromUserName><![CDATA[oUser123]]></FromUserName><CreateTime>1472551036</CreateTime>' +
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event><CardId><![CDATA[pCard1]]></CardId><UserCardCode><![CDATA[226009850808]]></UserCardCode>' +
        '<IsGiveByFriend>0</IsGiveByFriend><OuterStr><![CDATA[a]]]]><![CDATA[>b]]></OuterStr><IsRestoreMemberCard>0</IsRestoreMemberCard></xml>',
    );
  });

  it.each(['safe', 'compatible'] as const)('%s: msg_signature and Encrypt as wechat-crypto reads them', async (mode) => {
    const { pusher, requests, events } = world({}, { mode });
    pusher.push(getCard({ OuterStr: '海报-A' }));
    await pusher.idle();
    const request = requests[0]!;
    const query = new URL(request.url).searchParams;
    const body = await request.text();
    const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)![1]!;
    const theirs = new WXBizMsgCrypt(TOKEN, AES_KEY, APP_ID);
    expect(query.get('encrypt_type')).toBe('aes');
    expect(query.get('msg_signature')).toBe(theirs.getSignature(query.get('timestamp')!, query.get('nonce')!, encrypt));
    const { message, id } = theirs.decrypt(encrypt);
    expect(id).toBe(APP_ID);
    expect(message).toBe(cardEventXml(pusher.deliveries[0]!.event, 'gh_1234567890ab'));
    expect(body.includes('<FromUserName>')).toBe(mode === 'compatible');
    expect(events[0]).toMatchObject({ outerStr: '海报-A' });
  });

  it('refuses events it cannot write as WeChat’s XML, and modes without their key', () => {
    const { pusher } = world();
    expect(() => pusher.push({ ...getCard(), 'Bad Name': 'x' })).toThrow(TypeError);
    expect(() => pusher.push({ ...getCard(), Fee: Number.NaN })).toThrow(/finite/);
    expect(() => pusher.push({ ...getCard(), CreateTime: 1.5 })).toThrow(/CreateTime/);
    expect(() => createCardEventPusher({ url: URL_, token: TOKEN, appId: APP_ID, mode: 'safe' })).toThrow(/encodingAESKey/);
    expect(() => createCardEventPusher({ url: 'ftp://x', token: TOKEN, appId: APP_ID, mode: 'plain' })).toThrow(/url/);
  });
});

describe('over HTTP, mounted with toNodeListener', () => {
  const servers: Array<{ close(): void }> = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('safe mode through a real socket on 127.0.0.1', async () => {
    const events: CardEvent[] = [];
    const handler = createCardEventHandler({ token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, path: '/api/wx/events', onEvent: (event) => void events.push(event) });
    const server = createServer(toNodeListener(handler));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const pusher = createCardEventPusher({ url: `http://127.0.0.1:${port}/api/wx/events`, token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, mode: 'safe' });
    pusher.push(getCard());
    pusher.push(getCard({ Event: 'user_del_card', OuterStr: undefined, IsGiveByFriend: undefined, IsRestoreMemberCard: undefined }));
    await pusher.idle();
    expect(events.map((event) => event.event).sort()).toEqual(['user_del_card', 'user_get_card']);
    expect(pusher.deliveries.every((delivery) => delivery.acknowledged)).toBe(true);
  });
});
