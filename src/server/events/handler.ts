// The receiver for the pushes WeChat sends to the merchant's server URL (服务器配置): URL
// verification (GET) and events (POST) in plain, compatible and safe mode, each event handed to
// onEvent exactly once across the processes sharing the store. A Fetch API handler: mount it
// with toNodeListener on node:http, Express or Koa, or serve it as is on edge runtimes.
import { memoryStore } from '../cache/memoryStore';
import { timedStore } from '../cache/timedStore';
import type { TokenStore } from '../cache/TokenStore';
import { HttpError } from '../errors/HttpError';
import { MsgCryptError } from '../errors/MsgCryptError';
import { StoreUnavailableError } from '../errors/StoreUnavailableError';
import { readBodyBytes } from '../http/body';
import { jsonResponse } from '../http/json';
import { ambiguousPath, rawTargetOf } from '../http/rawPath';
import { unmatchedResponse } from '../http/unmatched';
import { silentLogger, type Logger } from '../logger';
import { sha1Hex } from '../sign';
import { sleep } from '../sleep';
import type { CardEvent } from './cardEvent';
import { createEventDeduper, type DedupeOutcome } from './dedupe';
import { checkEncodingAESKey, createMsgCrypt } from './msgCrypt';
import { parseCardEvent } from './parseCardEvent';
import { readXml } from './readXml';
import { pushSignature, signatureMatches } from './verifySignature';

export interface CardEventHandlerOptions {
  /** The Token set on the Official Accounts Platform (开发 → 基本配置 → 服务器配置). Never logged or answered. */
  token: string;
  /** The account's AppID: a safe-mode message for another AppID is refused. */
  appId: string;
  /**
   * The EncodingAESKey (43 characters), for compatible and safe mode. With it, only encrypted
   * pushes are accepted: a plain push's `signature` does not cover its body, so accepting one
   * would let a replayed URL carry a forged event past the encryption. Never logged or answered.
   */
  encodingAESKey?: string;
  /**
   * Called once per event (retries and replays are not handed on again). Resolve when the event
   * is safely stored; throw or reject to have WeChat push it again. Keep it well under 5 s
   * (WeChat's deadline): write to your database or queue and do the slow work elsewhere.
   */
  onEvent: (event: CardEvent) => void | Promise<void>;
  /**
   * Where handled events and in-flight claims are kept: in memory by default, `redisStore(client)`
   * when several processes receive pushes for the account (each event then reaches onEvent in
   * one of them only). Each call is given `storeTimeoutMs`.
   */
  store?: TokenStore;
  /** Answer only this path (e.g. '/api/wx/events'); other requests go to the next middleware (404 on a bare server). Default: every path. */
  path?: string;
  /** How far a push's `timestamp` may be from this server's clock, default 300 s. Older (or newer) pushes are refused as replays. */
  replayWindowSeconds?: number;
  /** Largest accepted body, default 64 KiB (card events are well under 2 KiB). */
  maxBodyBytes?: number;
  /** How long an event's in-flight claim lasts if its process dies mid-onEvent, default 10 s (see docs/events.md). */
  claimTtlMs?: number;
  /** How long a handled event is remembered, default 1 hour; at least the replay window. */
  seenTtlMs?: number;
  /**
   * An event that was not handled (onEvent failed, the store failed, another process still has it)
   * is answered 5xx only this long after it arrived, default 5500 ms. WeChat retries a push it
   * gets no answer to within 5 s, and documents no retry for an answer that is an error.
   * 0 answers at once (then only WeChat's undocumented handling of a 5xx would bring it again).
   */
  failureAnswerDelayMs?: number;
  /** Per call on `store`, default 2000 ms. */
  storeTimeoutMs?: number;
  /** Milliseconds since the epoch (the replay window); a simulated clock in tests. */
  clock?: () => number;
  /** Told about refused pushes (by reason, never with the token, key or signature) and failed onEvent calls. */
  logger?: Logger;
}

const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[\w-]{1,64}$/;
const ECHOSTR = /^[\w.+/=-]{1,512}$/;
const TOKEN = /^[A-Za-z0-9]{3,32}$/;

const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function positive(name: string, value: number | undefined, fallback: number, least: 'above 0' | 'at least 0' = 'above 0'): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && least === 'above 0')) {
    throw new TypeError(`wx-coupon: createCardEventHandler's ${name} must be a finite number ${least}; leave it out for the default.`);
  }
  return value;
}

/** The dedupe id: what tells one event from another (FromUserName + CreateTime alone would merge two cards one user got in the same second). */
function eventId(appId: string, event: CardEvent): Promise<string> {
  const raw = event.raw;
  return sha1Hex(JSON.stringify([appId, event.event, raw.CardId ?? '', raw.UserCardCode ?? '', event.fromUserName, event.createTime, raw.OrderId ?? '']));
}

export function createCardEventHandler(options: CardEventHandlerOptions): (request: Request) => Promise<Response> {
  const { token, appId, encodingAESKey, onEvent } = options;
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    throw new TypeError('wx-coupon: createCardEventHandler needs token: the 3–32 letters and digits set as Token on the Official Accounts Platform.');
  }
  if (typeof appId !== 'string' || appId === '') throw new TypeError('wx-coupon: createCardEventHandler needs appId.');
  if (typeof onEvent !== 'function') throw new TypeError('wx-coupon: createCardEventHandler needs onEvent(event), called once per pushed event.');
  if (encodingAESKey !== undefined) checkEncodingAESKey(encodingAESKey, 'createCardEventHandler');
  const crypt = encodingAESKey === undefined ? undefined : createMsgCrypt(encodingAESKey, appId);
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const replayWindowSeconds = positive('replayWindowSeconds', options.replayWindowSeconds, 300);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 64 * 1024);
  const claimTtlMs = positive('claimTtlMs', options.claimTtlMs, 10_000);
  const seenTtlMs = positive('seenTtlMs', options.seenTtlMs, 60 * 60_000);
  const failureAnswerDelayMs = positive('failureAnswerDelayMs', options.failureAnswerDelayMs, 5500, 'at least 0');
  const storeTimeoutMs = positive('storeTimeoutMs', options.storeTimeoutMs, 2000);
  if (seenTtlMs < replayWindowSeconds * 1000) {
    throw new TypeError('wx-coupon: createCardEventHandler\'s seenTtlMs must be at least the replay window, or a replayed push could be handed to onEvent again.');
  }
  const path = options.path?.replace(/\/+$/, '');
  const deduper = createEventDeduper({
    store: timedStore(options.store ?? memoryStore({ clock }), storeTimeoutMs),
    claimTtlMs,
    seenTtlMs,
    onWarning: (message) => logger.warn?.(`wx-coupon: ${message}`, { appId }),
  });

  /** timestamp and nonce from the query, the timestamp within the replay window. */
  function freshQuery(url: URL): { timestamp: string; nonce: string } {
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const nonce = url.searchParams.get('nonce') ?? '';
    if (!TIMESTAMP.test(timestamp) || !NONCE.test(nonce)) {
      throw new HttpError(403, 'invalid_signature', 'The request has no timestamp and nonce in its query: WeChat signs every push with signature, timestamp and nonce.');
    }
    const offset = Math.round(clock() / 1000 - Number(timestamp));
    if (Math.abs(offset) > replayWindowSeconds) {
      throw new HttpError(403, 'stale_timestamp',
        `The push's timestamp is ${Math.abs(offset)} s ${offset > 0 ? 'old' : 'in the future'} (the window is ±${replayWindowSeconds} s): a replayed request, or this server's clock is off.`,
      );
    }
    return { timestamp, nonce };
  }

  async function requireSignature(given: string | null, timestamp: string, nonce: string, encrypt?: string): Promise<void> {
    if (!signatureMatches(await pushSignature(token, timestamp, nonce, encrypt), given)) {
      const name = encrypt === undefined ? 'signature' : 'msg_signature';
      throw new HttpError(403, 'invalid_signature', `The ${name} does not match: check that token is the Token set on the Official Accounts Platform.`);
    }
  }

  async function verifyUrl(url: URL): Promise<Response> {
    const { timestamp, nonce } = freshQuery(url);
    await requireSignature(url.searchParams.get('signature'), timestamp, nonce);
    const echostr = url.searchParams.get('echostr') ?? '';
    if (!ECHOSTR.test(echostr)) throw new HttpError(403, 'invalid_echostr', 'URL verification needs the echostr WeChat sends.');
    logger.info?.('wx-coupon: WeChat verified the server URL', { appId });
    return new Response(echostr, { status: 200, headers: TEXT_HEADERS });
  }

  /** The pushed message's elements, its signature checked and, in safe and compatible mode, decrypted. */
  async function openPush(request: Request, url: URL): Promise<Record<string, unknown>> {
    const { timestamp, nonce } = freshQuery(url);
    const tooLarge = () => new HttpError(413, 'payload_too_large', `The body is larger than ${maxBodyBytes} bytes; WeChat's pushes are a few KiB.`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readBodyBytes(request, maxBodyBytes, tooLarge));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'invalid_xml', 'The body is not UTF-8 text.');
    }
    const outer = readXml(text);
    const encrypted = outer.Encrypt;
    if (crypt === undefined) {
      await requireSignature(url.searchParams.get('signature'), timestamp, nonce);
      if (outer.MsgType === undefined && encrypted !== undefined) {
        logger.error?.('wx-coupon: WeChat pushes encrypted messages (safe mode) but createCardEventHandler has no encodingAESKey', { appId });
        throw new HttpError(400, 'encodingaeskey_required', 'The push is encrypted (safe mode): pass encodingAESKey to createCardEventHandler.');
      }
      return outer;
    }
    if (typeof encrypted !== 'string' || encrypted === '') {
      throw new HttpError(400, 'encryption_required', 'The push is not encrypted, but this receiver has an encodingAESKey: set the account to compatible or safe mode, or remove encodingAESKey.');
    }
    await requireSignature(url.searchParams.get('msg_signature'), timestamp, nonce, encrypted);
    try {
      return readXml(await crypt.decrypt(encrypted));
    } catch (error) {
      if (error instanceof MsgCryptError) {
        throw error.code === 'wrong_app_id' ? new HttpError(403, 'wrong_app_id', error.message) : new HttpError(400, 'invalid_ciphertext', error.message);
      }
      throw error;
    }
  }

  /** After failureAnswerDelayMs from arrival: past WeChat's deadline, so that it pushes again. */
  async function answerLater(arrivedAt: number, status: number, code: string, message: string): Promise<Response> {
    await sleep(Math.max(0, arrivedAt + failureAnswerDelayMs - Date.now()));
    return jsonResponse(status, { error: code, message });
  }

  async function receive(request: Request, url: URL, arrivedAt: number): Promise<Response> {
    const fields = await openPush(request, url);
    if (fields.MsgType !== 'event') {
      logger.debug?.('wx-coupon: acknowledged a push that is not an event', { appId, msgType: typeof fields.MsgType === 'string' ? fields.MsgType : undefined });
      return new Response('success', { status: 200, headers: TEXT_HEADERS });
    }
    const event = parseCardEvent(fields);
    const id = await eventId(appId, event);
    let outcome: DedupeOutcome;
    try {
      outcome = await deduper.once(id, async () => {
        await onEvent(event);
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      logger.warn?.('wx-coupon: the event store failed; the push is left for WeChat to retry', { appId, event: event.event, operation: error.operation });
      return answerLater(arrivedAt, 503, 'store_unavailable', 'The event store (e.g. Redis) is unavailable; WeChat will push the event again.');
    }
    switch (outcome.status) {
      case 'handled':
      case 'duplicate':
        logger.debug?.(`wx-coupon: card event ${outcome.status}`, { appId, event: event.event });
        return new Response('success', { status: 200, headers: TEXT_HEADERS });
      case 'failed': {
        const error = outcome.error;
        logger.error?.('wx-coupon: onEvent failed; WeChat will push the event again', {
          appId,
          event: event.event,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return answerLater(arrivedAt, 500, 'event_handler_failed', 'onEvent failed; see the server log. WeChat will push the event again.');
      }
      case 'pending':
        return answerLater(arrivedAt, 503, 'event_in_progress', 'The event is still being handled; WeChat will push it again.');
    }
  }

  return async (request) => {
    const arrivedAt = Date.now();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return jsonResponse(400, { error: 'bad_request', message: 'The request URL could not be parsed.' });
    }
    if (path !== undefined && url.pathname.replace(/\/+$/, '') !== path) return unmatchedResponse();
    try {
      // Judged on the raw path (toNodeListener keeps it): `/api/wx/x/../events` resolves to this
      // receiver's path, past a guard mounted on that path; a path a parser may read as another is refused.
      const ambiguous = ambiguousPath(rawTargetOf(request, url));
      if (ambiguous) {
        throw new HttpError(400, 'bad_request', `The path has ${ambiguous}, which proxies and path-mounted middleware may read as another path; WeChat pushes to the server URL exactly as configured.`);
      }
      if (request.method === 'GET') return await verifyUrl(url);
      if (request.method === 'POST') return await receive(request, url, arrivedAt);
      throw new HttpError(405, 'method_not_allowed', 'WeChat verifies the URL with GET and pushes events with POST.', { allow: 'GET, POST' });
    } catch (error) {
      if (error instanceof HttpError) {
        logger.warn?.('wx-coupon: refused a push', { appId, status: error.status, reason: error.code });
        return jsonResponse(error.status, { error: error.code, message: error.message }, error.headers);
      }
      logger.error?.('wx-coupon: the card event receiver failed', { appId, error: error instanceof Error ? error.name : typeof error });
      return jsonResponse(500, { error: 'internal_error', message: 'The card event receiver failed; see the server log.' });
    }
  };
}
