// What a page learns when the merchant's server fails: wx-coupon/server's real error answers
// (createCouponHandler over the WeChat API stand-in), read by the browser side's requestJson.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCouponHandler, createWeChatApi, type TokenStore } from '../../src/server';
import { createWeChatApiStandIn } from '../../src/simulator/api';
import { requestJson } from '../../src/utils/requestJson';

const APP_ID = 'wx1234567890abcdef';
const PAGE = 'https://m.example.com/coupon';

/** The handler as the page's fetch; `appSecret` wrong makes every token fetch fail upstream. */
function merchant({ appSecret = 'right-secret', store }: { appSecret?: string; store?: TokenStore } = {}) {
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: 'right-secret' });
  const api = createWeChatApi({ appId: APP_ID, appSecret, fetch: standIn.fetch, ...(store ? { store } : {}) });
  const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'] });
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => handler(new Request(new URL(input, PAGE), init)));
  return (url: string) =>
    requestJson({ url: `https://m.example.com/api/wx/signature?url=${encodeURIComponent(url)}`, method: 'GET', timeoutMs: 2000, failure: 'SIGNATURE_FAILED', what: 'signature endpoint' });
}

afterEach(() => vi.unstubAllGlobals());

describe('requestJson reads the merchant server’s error answers', () => {
  it('upstream_error: status 502, serverCode, and a message that says the server’s call to WeChat failed', async () => {
    const error = await merchant({ appSecret: 'wrong-secret' })(PAGE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SIGNATURE_FAILED', status: 502, serverCode: 'upstream_error' });
    const { message } = error as Error;
    expect(message).toMatch(/^Your server’s call to WeChat failed, so the signature endpoint \(https:\/\/m\.example\.com\/api\/wx\/signature\?url=[^)]+\) answered HTTP 502 upstream_error: /);
    expect(message).toContain('errcode 40125'); // the server's hint travels: check appSecret
    expect(message).not.toMatch(/\.\.|wrong-secret|right-secret/);
  });

  it('url_not_allowed: status 403 and the server’s code, without blaming WeChat', async () => {
    const error = await merchant()('https://evil.example/').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SIGNATURE_FAILED', status: 403, serverCode: 'url_not_allowed' });
    expect((error as Error).message).toMatch(/^The signature endpoint .* answered HTTP 403 url_not_allowed: /);
  });

  it('store_unavailable: status 503 and a message that says the server failed', async () => {
    const refused = () => Promise.reject(new Error('ECONNREFUSED'));
    const failing: TokenStore = { get: refused, set: refused, tryLock: refused };
    const error = await merchant({ store: failing })(PAGE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SIGNATURE_FAILED', status: 503, serverCode: 'store_unavailable' });
    expect((error as Error).message).toMatch(/^Your server failed: the signature endpoint .* answered HTTP 503 store_unavailable: /);
  });

  it('a success carries no status or serverCode to check', async () => {
    await expect(merchant()(PAGE)).resolves.toMatchObject({ appId: APP_ID, signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });
});
