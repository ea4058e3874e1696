// createCardEventHandler over Fetch API requests signed the way WeChat signs them (built with
// wechat-crypto and node:crypto in ./pushes, not with the receiver's own code).
import { describe, expect, it } from 'vitest';
import { createCardEventHandler, memoryStore, type CardEvent, type CardEventHandlerOptions, type TokenStore } from '../../../src/server';
import { captureLogs } from '../capturedSecrets';
import { AES_KEY, APP_ID, push, RECEIVER_URL, sha1Signature, TOKEN, userGetCardXml } from './pushes';

function receiver(options: Partial<CardEventHandlerOptions> = {}) {
  const events: CardEvent[] = [];
  const { logs, logger } = captureLogs();
  const handle = createCardEventHandler({ token: TOKEN, appId: APP_ID, onEvent: (event) => void events.push(event), failureAnswerDelayMs: 50, logger, ...options });
  return { handle, events, logs };
}

const verifyUrl = (query: Record<string, string>) => new Request(`${RECEIVER_URL}?${new URLSearchParams(query)}`);
const now = () => String(Math.floor(Date.now() / 1000));
const noSecretIn = async (response: Response, logs: string[]) => {
  const text = `${await response.clone().text()}\n${logs.join('\n')}`;
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(AES_KEY);
};

describe('URL verification (GET)', () => {
  it('answers echostr as plain text when the signature is right', async () => {
    const { handle } = receiver();
    const timestamp = now();
    const response = await handle(verifyUrl({ signature: sha1Signature(TOKEN, timestamp, '42'), timestamp, nonce: '42', echostr: '5837397520665436492' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('5837397520665436492');
  });

  it('answers 403 to a wrong signature, a stale timestamp or missing parameters, without the echostr or the token', async () => {
    const { handle, logs } = receiver();
    const timestamp = now();
    const old = String(Number(timestamp) - 3600);
    const requests = [
      verifyUrl({ signature: sha1Signature('another', timestamp, '42'), timestamp, nonce: '42', echostr: 'x1' }),
      verifyUrl({ signature: sha1Signature(TOKEN, old, '42'), timestamp: old, nonce: '42', echostr: 'x1' }),
      verifyUrl({ echostr: 'x1' }),
      verifyUrl({ signature: sha1Signature(TOKEN, timestamp, '42'), timestamp, nonce: '42' }),
    ];
    for (const request of requests) {
      const response = await handle(request);
      expect(response.status).toBe(403);
      expect(await response.clone().text()).not.toContain('x1');
      await noSecretIn(response, logs);
    }
  });
});

describe('events (POST)', () => {
  it.each(['plain', 'compatible', 'safe'] as const)('%s mode: onEvent gets the typed event, WeChat gets "success"', async (mode) => {
    const { handle, events } = receiver(mode === 'plain' ? {} : { encodingAESKey: AES_KEY });
    const response = await handle(push({ xml: userGetCardXml({ outerStr: 'poster-7' }), mode }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'user_get_card', outerStr: 'poster-7', userCardCode: '226009850808', createTime: 1472551036 });
    expect(events[0]?.raw).not.toHaveProperty('Encrypt');
  });

  it('refuses bad input with a clear 4xx, never calling onEvent, and no token or key in answers or logs', async () => {
    const cases: Array<[string, Partial<CardEventHandlerOptions>, Request, number, string]> = [
      ['wrong token', {}, push({ xml: userGetCardXml(), token: 'someoneElse1' }), 403, 'invalid_signature'],
      ['stale timestamp', {}, push({ xml: userGetCardXml(), timestamp: Math.floor(Date.now() / 1000) - 301 }), 403, 'stale_timestamp'],
      ['broken XML', {}, push({ xml: '<xml><MsgType>event</MsgType>' }), 400, 'invalid_xml'],
      ['oversize body', { maxBodyBytes: 256 }, push({ xml: userGetCardXml() }), 413, 'payload_too_large'],
      ['wrong appid (safe)', { encodingAESKey: AES_KEY }, push({ xml: userGetCardXml(), mode: 'safe', appId: 'wx0000000000000000' }), 403, 'wrong_app_id'],
      ['wrong key (safe)', { encodingAESKey: AES_KEY }, push({ xml: userGetCardXml(), mode: 'safe', key: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }), 400, 'invalid_ciphertext'],
      ['wrong msg_signature (safe)', { encodingAESKey: AES_KEY }, push({ xml: userGetCardXml(), mode: 'safe', token: 'someoneElse1' }), 403, 'invalid_signature'],
      ['safe push, no key configured', {}, push({ xml: userGetCardXml(), mode: 'safe' }), 400, 'encodingaeskey_required'],
      ['plain push to a safe-mode receiver', { encodingAESKey: AES_KEY }, push({ xml: userGetCardXml() }), 400, 'encryption_required'],
      ['no Event', {}, push({ xml: '<xml><MsgType>event</MsgType><FromUserName>o</FromUserName><ToUserName>g</ToUserName><CreateTime>1</CreateTime></xml>' }), 400, 'invalid_event'],
    ];
    for (const [name, options, request, status, code] of cases) {
      const { handle, events, logs } = receiver(options);
      const response = await handle(request);
      expect(response.status, name).toBe(status);
      expect(((await response.clone().json()) as { error: string }).error, name).toBe(code);
      expect(events, name).toEqual([]);
      await noSecretIn(response, logs);
    }
  });

  it('acknowledges a message that is not an event without calling onEvent', async () => {
    const { handle, events } = receiver();
    const xml = '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oU]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>';
    const response = await handle(push({ xml }));
    expect(await response.text()).toBe('success');
    expect(events).toEqual([]);
  });

  it('hands a retried event to onEvent once, but two cards one user got in the same second both', async () => {
    const { handle, events } = receiver();
    for (let i = 0; i < 4; i++) expect(await (await handle(push({ xml: userGetCardXml(), nonce: String(i + 100) }))).text()).toBe('success');
    expect(events).toHaveLength(1);
    await handle(push({ xml: userGetCardXml({ cardId: 'pSecondCard', code: '777' }) }));
    expect(events.map((event) => (event as { cardId: string }).cardId)).toEqual(['pZI8Fjwsy5fVPRBeD78J4RmqVvBc', 'pSecondCard']);
  });

  it('a failed onEvent is not marked seen: answered 500 only after failureAnswerDelayMs, and the retry runs it again', async () => {
    let calls = 0;
    const { handle, logs } = receiver({
      failureAnswerDelayMs: 300,
      onEvent: () => {
        calls++;
        if (calls === 1) throw new Error('database down');
      },
    });
    const started = Date.now();
    const first = await handle(push({ xml: userGetCardXml() }));
    expect(first.status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(logs.join('\n')).toContain('database down');
    expect(await (await handle(push({ xml: userGetCardXml() }))).text()).toBe('success');
    expect(await (await handle(push({ xml: userGetCardXml() }))).text()).toBe('success');
    expect(calls).toBe(2);
  });

  it('a retry arriving while onEvent is still running waits for it and answers success; onEvent runs once', async () => {
    let calls = 0;
    let finish!: () => void;
    const { handle } = receiver({
      onEvent: () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const first = handle(push({ xml: userGetCardXml() }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retry = handle(push({ xml: userGetCardXml() }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    finish();
    expect(await (await first).text()).toBe('success');
    expect(await (await retry).text()).toBe('success');
    expect(calls).toBe(1);
  });

  it('a claim left by a process that died is taken over after claimTtlMs', async () => {
    const store = memoryStore();
    let calls = 0;
    const hung = receiver({ store, claimTtlMs: 200, onEvent: () => new Promise<void>(() => void calls++) });
    const healthy = receiver({ store, claimTtlMs: 200 });
    const stuck = hung.handle(push({ xml: userGetCardXml() }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const response = await healthy.handle(push({ xml: userGetCardXml() }));
    expect(await response.text()).toBe('success');
    expect(healthy.events).toHaveLength(1);
    expect((await stuck).status).toBe(503);
    expect(hung.logs.join('\n')).toContain('claimTtlMs');
    expect(calls).toBe(1);
  });

  it('does not call onEvent when the store fails, and answers 503 for WeChat to retry', async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
      tryLock: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const { handle, events } = receiver({ store: broken });
    const response = await handle(push({ xml: userGetCardXml() }));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toBe('store_unavailable');
    expect(events).toEqual([]);
  });

  it('with path, answers only that path (others go to the next middleware); other methods get 405', async () => {
    const { handle } = receiver({ path: '/api/wx/events' });
    const elsewhere = new Request('http://127.0.0.1/api/wx/signature', { method: 'POST', body: '<xml/>' });
    expect((await handle(elsewhere)).status).toBe(404);
    const put = await handle(new Request(RECEIVER_URL, { method: 'PUT', body: 'x' }));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('checks its options at start-up, naming none of the secrets', () => {
    const base = { token: TOKEN, appId: APP_ID, onEvent: () => {} };
    expect(() => createCardEventHandler({ ...base, token: 'a b' })).toThrow(/token/);
    expect(() => createCardEventHandler({ ...base, appId: '' })).toThrow(/appId/);
    expect(() => createCardEventHandler({ ...base, encodingAESKey: 'short' })).toThrow(/43 letters/);
    expect(() => createCardEventHandler({ ...base, claimTtlMs: Number.NaN })).toThrow(/claimTtlMs/);
    expect(() => createCardEventHandler({ ...base, seenTtlMs: 1000 })).toThrow(/seenTtlMs/);
    expect(() => createCardEventHandler({ ...base, failureAnswerDelayMs: -1 })).toThrow(/failureAnswerDelayMs must be a finite number at least 0/);
    expect(() => createCardEventHandler({ ...base, failureAnswerDelayMs: 0 })).not.toThrow();
    expect(() => createCardEventHandler({ ...base, onEvent: undefined as never })).toThrow(/onEvent/);
  });
});
