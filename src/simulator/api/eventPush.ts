// WeChat's side of the card event push, for the stand-in: the stand-in's events (through its
// `onCardEvent` sink) become the XML WeChat posts to the merchant's server URL, signed as WeChat
// signs, encrypted in safe mode (both bodies in compatible mode), and pushed again the way WeChat
// documents it: an answer that has not come within 5 s is given up on and the push is sent
// again, three times at most. An answer that did come, whatever its status, is not retried:
// WeChat documents retries for missing answers only, so a receiver must not rely on more.
import { createMsgCrypt, type MsgCrypt } from '../../server/events/msgCrypt';
import { pushSignature } from '../../server/events/verifySignature';
import { untilAborted } from '../../server/http/untilAborted';
import { randomString } from '../../server/nonce';
import { sleep } from '../../server/sleep';
import type { StandInCardEvent, StandInCardEventSink } from './cardEvent';

export type CardEventPushMode = 'plain' | 'compatible' | 'safe';

export interface CardEventPusherOptions {
  /** The merchant's server URL (服务器地址), e.g. 'http://127.0.0.1:5173/api/wx/events'. */
  url: string;
  /** The Token set for that URL. */
  token: string;
  appId: string;
  /** The account's original id, ToUserName; default `gh_` and the AppID's characters after "wx". */
  toUserName?: string;
  /** Needed for 'compatible' and 'safe'. */
  encodingAESKey?: string;
  /** The account's message encryption mode (消息加解密方式): 明文, 兼容 or 安全. */
  mode: CardEventPushMode;
  /** Default: the global fetch. A handler's `(request) => handler(request)` pushes in-process. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Wall-clock wait before each retry; its length is the number of retries. Default [0, 0, 0]: WeChat pushes again as soon as it gave up waiting. */
  retryDelaysMs?: readonly number[];
  /** How long an attempt waits for the answer, default 5000 ms (WeChat's deadline). */
  timeoutMs?: number;
  /** Milliseconds since the epoch, for the signed `timestamp`; a simulated clock in tests. */
  clock?: () => number;
}

export interface CardEventPushAttempt {
  /** On `clock`. */
  sentAt: number;
  /** `answered`: any HTTP answer within timeoutMs; otherwise why none came. */
  outcome: 'answered' | 'timeout' | 'network_error';
  status?: number;
  /** The answer's body (WeChat expects "success" or ""). */
  body?: string;
}

export interface CardEventDelivery {
  event: StandInCardEvent;
  /** The XML as pushed before encryption. */
  xml: string;
  attempts: CardEventPushAttempt[];
  /** Done: answered, or out of retries. */
  settled: boolean;
  /** Answered 200 in time: what WeChat counts as delivered. */
  acknowledged: boolean;
}

export interface CardEventPusher {
  /** Push one event (in the background): pass it as the stand-in's `onCardEvent`. */
  push: StandInCardEventSink;
  /** Resolves once every push so far has settled (answered or out of retries). */
  idle(): Promise<void>;
  /** Every push so far, in order, with each attempt's outcome. */
  readonly deliveries: readonly CardEventDelivery[];
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIRST = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'];

// WeChat puts text in CDATA sections and numbers bare. A "]]>" inside the text would end the
// section early, so it is split across two sections.
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function element(name: string, value: string | number): string {
  if (!ELEMENT_NAME.test(name)) throw new TypeError(`wx-coupon: a card event field must be an XML element name like OuterStr (got ${JSON.stringify(name)}).`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`wx-coupon: the card event field ${name} is not a finite number.`);
    return `<${name}>${value}</${name}>`;
  }
  return `<${name}>${cdata(value)}</${name}>`;
}

/** The plain XML of `event`, in WeChat's element order: the header first, then the event's fields as given. */
export function cardEventXml(event: StandInCardEvent, toUserName: string): string {
  if (typeof event.Event !== 'string' || event.Event === '' || typeof event.FromUserName !== 'string' || !Number.isInteger(event.CreateTime)) {
    throw new TypeError('wx-coupon: a card event needs Event, FromUserName and CreateTime (seconds).');
  }
  const parts = [
    element('ToUserName', toUserName),
    element('FromUserName', event.FromUserName),
    element('CreateTime', event.CreateTime),
    element('MsgType', 'event'),
    element('Event', event.Event),
  ];
  for (const [name, value] of Object.entries(event)) {
    if (FIRST.includes(name) || value === undefined) continue;
    parts.push(element(name, value));
  }
  return `<xml>${parts.join('')}</xml>`;
}

export function createCardEventPusher(options: CardEventPusherOptions): CardEventPusher {
  const { url, token, appId, mode } = options;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new TypeError('wx-coupon: createCardEventPusher needs url: the merchant server URL (http or https).');
  if (typeof token !== 'string' || token === '') throw new TypeError('wx-coupon: createCardEventPusher needs the token set for that URL.');
  if (typeof appId !== 'string' || appId === '') throw new TypeError('wx-coupon: createCardEventPusher needs appId.');
  if (mode !== 'plain' && mode !== 'compatible' && mode !== 'safe') throw new TypeError("wx-coupon: createCardEventPusher's mode is 'plain', 'compatible' or 'safe'.");
  let crypt: MsgCrypt | undefined;
  if (mode !== 'plain') {
    if (options.encodingAESKey === undefined) throw new TypeError(`wx-coupon: createCardEventPusher needs encodingAESKey in ${mode} mode.`);
    crypt = createMsgCrypt(options.encodingAESKey, appId);
  }
  const toUserName = options.toUserName ?? `gh_${appId.replace(/^wx/, '').slice(0, 12)}`;
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const retryDelaysMs = options.retryDelaysMs ?? [0, 0, 0];
  const timeoutMs = options.timeoutMs ?? 5000;
  const clock = options.clock ?? Date.now;
  const deliveries: CardEventDelivery[] = [];
  const pending = new Set<Promise<void>>();

  /** The URL and body of one push: the same for every retry of it. */
  async function signedPush(xml: string, openid: string): Promise<{ target: string; body: string }> {
    const timestamp = String(Math.floor(clock() / 1000));
    const nonce = randomString(10, '0123456789');
    const query = new URLSearchParams({ signature: await pushSignature(token, timestamp, nonce), timestamp, nonce, openid });
    let body = xml;
    if (crypt) {
      const encrypt = await crypt.encrypt(xml);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', await pushSignature(token, timestamp, nonce, encrypt));
      body =
        mode === 'safe'
          ? `<xml>${element('ToUserName', toUserName)}${element('Encrypt', encrypt)}</xml>`
          : xml.replace(/<\/xml>$/, `${element('Encrypt', encrypt)}</xml>`);
    }
    return { target: `${url}${url.includes('?') ? '&' : '?'}${query}`, body };
  }

  async function attempt(target: string, body: string): Promise<CardEventPushAttempt> {
    const sentAt = clock();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const init: RequestInit = { method: 'POST', headers: { 'content-type': 'text/xml', 'user-agent': 'Mozilla/4.0' }, body, signal: controller.signal };
      const response = await untilAborted(doFetch(target, init), controller.signal);
      const text = await untilAborted(response.text(), controller.signal);
      return { sentAt, outcome: 'answered', status: response.status, body: text };
    } catch {
      return { sentAt, outcome: controller.signal.aborted ? 'timeout' : 'network_error' };
    } finally {
      clearTimeout(timer);
    }
  }

  async function deliver(delivery: CardEventDelivery): Promise<void> {
    const { target, body } = await signedPush(delivery.xml, delivery.event.FromUserName);
    for (let retry = 0; ; retry++) {
      const result = await attempt(target, body);
      delivery.attempts.push(result);
      if (result.outcome === 'answered') {
        delivery.acknowledged = result.status === 200;
        break;
      }
      if (retry >= retryDelaysMs.length) break;
      await sleep(retryDelaysMs[retry] as number);
    }
    delivery.settled = true;
  }

  return {
    push(event) {
      const delivery: CardEventDelivery = { event: { ...event }, xml: cardEventXml(event, toUserName), attempts: [], settled: false, acknowledged: false };
      deliveries.push(delivery);
      const running = deliver(delivery)
        .catch(() => {
          delivery.settled = true; // signing failed (Web Crypto unavailable): nothing was sent
        })
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    deliveries,
  };
}
