// Shared by the server and stand-in tests: one app, a clock the test moves by hand.
import { createWeChatApi, type WeChatApiOptions } from '../../src/server';
import { createWeChatApiStandIn, type WeChatApiStandIn, type WeChatApiStandInOptions } from '../../src/simulator/api';

export const APP_ID = 'wx1234567890abcdef';
export const APP_SECRET = '0123456789abcdef0123456789abcdef';
export const T0 = Date.UTC(2025, 0, 6, 1, 0, 0);
export const HOUR = 3_600_000;

export function simulatedClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

/** A stand-in and an api talking to it in-process, on one simulated clock. */
export function setup(options: { standIn?: Partial<WeChatApiStandInOptions>; api?: Partial<WeChatApiOptions> } = {}) {
  const clock = simulatedClock();
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now, ...options.standIn });
  const makeApi = (extra: Partial<WeChatApiOptions> = {}) =>
    createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch, clock: clock.now, busyRetryDelayMs: 1, ...options.api, ...extra });
  return { clock, standIn, api: makeApi(), makeApi };
}

/** Call a stand-in API the way a raw client would, returning its JSON. */
export async function call(fetchImpl: (input: string, init?: RequestInit) => Promise<Response>, path: string, query: Record<string, string> = {}, body?: unknown) {
  const response = await fetchImpl(`https://api.weixin.qq.com/${path}?${new URLSearchParams(query)}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, any>;
}

/** The encrypt_code of a code the stand-in issued (as if a user had added a card with it): the only kind it decrypts. */
export const encryptedBy = (standIn: Pick<WeChatApiStandIn, 'issueCode'>, code: string, cardId?: string): string => standIn.issueCode({ code, ...(cardId ? { cardId } : {}) }).encryptCode;
