// How wx-coupon talks to api.weixin.qq.com: one request with its timeout, the errcode check,
// redaction of what WeChat echoes, the busy retry, and the token: a call made with the cached
// access_token is retried once with a fresh one when WeChat refuses the token. The API
// families (cards, codes, qrcodes…) only say which path and which body.
import { UpstreamHttpError } from '../errors/UpstreamHttpError';
import { UpstreamTimeoutError } from '../errors/UpstreamTimeoutError';
import { WeChatApiError } from '../errors/WeChatApiError';
import { untilAborted } from '../http/untilAborted';
import type { Logger } from '../logger';
import { sleep } from '../sleep';
import { errcodeEntry } from './errcodes';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** WeChat's JSON answer, a plain object. */
export type Answer = Record<string, unknown>;

export interface TransportOptions {
  appId: string;
  /** Only to redact it from what WeChat answers. */
  appSecret: string;
  apiBase: string;
  fetch: FetchLike;
  timeoutMs: number;
  busyRetries: number;
  busyRetryDelayMs: number;
  logger: Logger;
}

export interface CallOptions {
  query?: Record<string, string>;
  /** JSON-encoded; a FormData is sent as multipart/form-data (media/uploadimg). GET when absent. */
  body?: unknown;
  /**
   * Default true. False for calls that must not be repeated after an answer we did not read
   * as success: a busy (-1) answer does not prove the call did nothing (see each family).
   */
  idempotent?: boolean;
}

/** Where an authorized call gets its token, and a fresh one when WeChat refuses it. */
export interface TokenSource {
  current(): Promise<string>;
  /** A token other than `rejected`; `refusal` is WeChat's answer, thrown when none can be had. */
  replacing(rejected: string, refusal: WeChatApiError): Promise<string>;
}

/** A call with `access_token` in the query: path, JSON body (or FormData), idempotency. */
export type AuthorizedCall = (path: string, body?: unknown, options?: { idempotent?: boolean; query?: Record<string, string> }) => Promise<Answer>;

export interface Transport {
  /** One call without a token (the token fetch itself). */
  call(path: string, options?: CallOptions): Promise<Answer>;
  /** Calls that carry the token from `tokens`, refreshed once when WeChat refuses it. */
  authorized(tokens: TokenSource): AuthorizedCall;
}

// The errcode check and the redaction, one function each, shaped like issue 12's
// wechat/readErrcode.ts and wechat/redact.ts (same names, same signatures): at that merge these
// three are deleted and imported from there instead.

export type ErrcodeReading = { kind: 'success' } | { kind: 'error'; errcode: number } | { kind: 'malformed'; detail: string };

/**
 * The errcode of an answer. `required`: only an answer carrying errcode 0 is a success (a
 * consume's confirmation); otherwise a missing errcode is one (token answers carry none).
 */
export function readErrcode(answer: Answer, options: { required?: boolean } = {}): ErrcodeReading {
  if (answer.errcode === undefined || answer.errcode === null) {
    return options.required ? { kind: 'malformed', detail: 'the answer does not confirm the call (no errcode 0)' } : { kind: 'success' };
  }
  const errcode = Number(answer.errcode);
  if (!Number.isFinite(errcode)) return { kind: 'error', errcode: -2 };
  return errcode === 0 ? { kind: 'success' } : { kind: 'error', errcode };
}

/**
 * WeChat has been known to echo request parameters in errmsg; keep the secrets (the appSecret,
 * the call's access_token, as sent and URL-encoded) out of it: errmsg goes into errors and log
 * lines.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>, maxLength = 300): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
  }
  return out.slice(0, maxLength);
}

/** Why a fetch failed, by name and code only: the message of a fetch error may quote the URL. */
export function describeFailure(error: unknown, secrets: ReadonlyArray<string | undefined>): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${redact(cause.code, secrets, 80)})` : '';
  return `${redact(error instanceof Error ? error.name : 'error', secrets, 80)}${code}`;
}

function requestInit(body: unknown, signal: AbortSignal): RequestInit {
  if (body === undefined) return { method: 'GET', signal };
  // fetch writes the multipart boundary into content-type itself.
  if (body instanceof FormData) return { method: 'POST', body, signal };
  return { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), signal };
}

export function createTransport(options: TransportOptions): Transport {
  const { appId, appSecret, apiBase, timeoutMs, busyRetries, busyRetryDelayMs, logger } = options;
  const fetchImpl = options.fetch;

  // What a call's errors and log lines must not quote: the secret and the call's access_token.
  const secretsOf = (query: Record<string, string>) => [appSecret, query.access_token];

  async function callOnce(path: string, query: Record<string, string>, body: unknown): Promise<Answer> {
    const search = new URLSearchParams(query).toString();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    // Raced, not only signalled: a custom fetch, or its answer's body, may ignore the abort.
    const bounded = <T>(work: Promise<T>) => untilAborted(work, controller.signal);
    try {
      let response: Response;
      try {
        response = await bounded(fetchImpl(`${apiBase}/${path}${search ? `?${search}` : ''}`, requestInit(body, controller.signal)));
      } catch (error) {
        if (controller.signal.aborted) throw new UpstreamTimeoutError(path, timeoutMs);
        throw new UpstreamHttpError(path, 0, describeFailure(error, secretsOf(query)));
      }
      if (!response.ok) {
        void response.body?.cancel().catch(() => {});
        throw new UpstreamHttpError(path, response.status, 'not the JSON answer WeChat gives');
      }
      let data: unknown;
      try {
        data = await bounded(response.json());
      } catch (error) {
        if (controller.signal.aborted) throw new UpstreamTimeoutError(path, timeoutMs);
        throw new UpstreamHttpError(path, response.status, `the answer is not JSON (${describeFailure(error, secretsOf(query))})`);
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new UpstreamHttpError(path, response.status, 'the answer is not a JSON object');
      }
      const answer = data as Answer;
      const reading = readErrcode(answer);
      if (reading.kind === 'malformed') throw new UpstreamHttpError(path, response.status, reading.detail);
      if (reading.kind === 'error') throw new WeChatApiError(reading.errcode, redact(String(answer.errmsg ?? ''), secretsOf(query)), path);
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One API call; errcode -1 (busy) is retried with backoff unless the call must not repeat. */
  async function call(path: string, { query = {}, body, idempotent = true }: CallOptions = {}): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await callOnce(path, query, body);
      } catch (error) {
        const entry = error instanceof WeChatApiError ? errcodeEntry(error.errcode) : null;
        if (entry?.retry !== 'backoff' || !idempotent || attempt >= busyRetries) {
          // An unknown code (a mistyped or forged encrypt_code) is the caller's doing, not a
          // server problem: anyone could fill the log at warn level with them.
          const level = entry?.callerCaused ? 'debug' : 'warn';
          logger[level]?.('wx-coupon: WeChat API call failed', { appId, path, error: (error as Error).message });
          throw error;
        }
        logger.info?.('wx-coupon: WeChat busy (errcode -1), retrying', { appId, path, attempt: attempt + 1 });
        await sleep(busyRetryDelayMs * 2 ** attempt);
      }
    }
  }

  function authorized(tokens: TokenSource): AuthorizedCall {
    return async (path, body, { idempotent = true, query = {} } = {}) => {
      const send = (accessToken: string) => call(path, { query: { ...query, access_token: accessToken }, body, idempotent });
      const token = await tokens.current();
      try {
        return await send(token);
      } catch (error) {
        // A refused token means WeChat did not do the call: retrying once is safe even for
        // calls that must not repeat.
        if (!(error instanceof WeChatApiError) || errcodeEntry(error.errcode).retry !== 'refresh_token') throw error;
        logger.warn?.('wx-coupon: access_token rejected, refreshing once', { appId, errcode: error.errcode });
        return send(await tokens.replacing(token, error));
      }
    };
  }

  return { call, authorized };
}
