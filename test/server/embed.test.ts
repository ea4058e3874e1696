// embedCouponConfig asks the real handler in-process; what it embeds is what the routes answer.
import { describe, expect, it } from 'vitest';
import { createCouponHandler, embedCouponConfig, embeddedConfigScript, signCardExt, signJsapi, type CouponApi } from '../../src/server';

const APP_ID = 'wx1234567890abcdef';
const JSAPI_TICKET = 'jsapi-ticket';
const CARD_TICKET = 'card-ticket';
const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const TICKET_EXPIRES = Date.now() + 7_200_000;
const IPHONE_WECHAT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

const api: CouponApi = {
  credential: async (name) => ({ value: name === 'jsapi_ticket' ? JSAPI_TICKET : CARD_TICKET, expiresAt: TICKET_EXPIRES }),
  decryptCode: async () => 'code',
  consumeCode: async () => ({ cardId: CARD, openid: 'o' }) as never,
};

function handler(extra: Partial<Parameters<typeof createCouponHandler>[0]> = {}) {
  return createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], ...extra });
}
const page = (url = 'https://m.example.com/coupon?from=poster#top', headers: Record<string, string> = {}) => new Request(url, { headers: { 'user-agent': IPHONE_WECHAT, ...headers } });

describe('embedCouponConfig', () => {
  it('embeds the signature for the page URL (no #), as the signature route signs it', async () => {
    const { config, skipped } = await embedCouponConfig({ handler: handler(), request: page() });
    expect(skipped).toEqual([]);
    const signature = config.signature!;
    expect(signature).toMatchObject({ url: 'https://m.example.com/coupon?from=poster', appId: APP_ID, expiresAt: TICKET_EXPIRES - 120_000 });
    expect(signature.signature).toBe(await signJsapi({ ticket: JSAPI_TICKET, nonceStr: signature.nonceStr, timestamp: signature.timestamp, url: signature.url }));
    expect(config.cardExt).toBeUndefined();
  });

  it('signs the URL the browser has when the server sees another (behind a proxy)', async () => {
    const { config } = await embedCouponConfig({ handler: handler(), request: page('http://127.0.0.1:3000/coupon'), pageUrl: 'https://m.example.com/coupon#x' });
    expect(config.signature?.url).toBe('https://m.example.com/coupon');
  });

  it('embeds one card_ext per button, with its outer_str, from the session the page request carries', async () => {
    const seen: Array<string | null> = [];
    const withSession = handler({
      cardExt: (request) => {
        seen.push(request.headers.get('cookie'));
        return { openid: 'oUser1234' };
      },
    });
    const { config } = await embedCouponConfig({ handler: withSession, request: page(undefined, { cookie: 'sid=abc' }), cards: [CARD, { cardId: 'pOther', outerStr: 'poster' }] });
    expect(seen).toEqual(['sid=abc', 'sid=abc']);
    expect(config.cardExt?.map((c) => [c.cardId, c.outerStr])).toEqual([[CARD, undefined], ['pOther', 'poster']]);
    const ext = JSON.parse(config.cardExt![1]!.cardExt);
    expect(ext).toMatchObject({ openid: 'oUser1234', outer_str: 'poster' });
    expect(ext.signature).toBe(await signCardExt({ apiTicket: CARD_TICKET, cardId: 'pOther', timestamp: ext.timestamp, nonceStr: ext.nonce_str, openid: 'oUser1234' }));
  });

  it('leaves out what the handler refuses, and says why', async () => {
    const { config, skipped } = await embedCouponConfig({ handler: handler({ allowedCardIds: [CARD] }), request: page('https://evil.example.org/'), cards: [CARD, 'pNotOurs'] });
    expect(config.signature).toBeUndefined();
    expect(config.cardExt?.map((c) => c.cardId)).toEqual([CARD]);
    expect(skipped).toEqual([
      { what: 'signature', status: 403, error: 'url_not_allowed' },
      { what: 'card-ext pNotOurs', status: 403, error: 'card_not_allowed' },
    ]);
  });

  it('asks the handler where it is mounted', async () => {
    const { config } = await embedCouponConfig({ handler: handler({ basePath: '/wx/' }), request: page(), basePath: '/wx/' });
    expect(config.signature?.appId).toBe(APP_ID);
  });

  it('preloads the engine for visitors inside WeChat only', async () => {
    const inWeChat = await embedCouponConfig({ handler: handler(), request: page(), engineUrl: '/js/wx-coupon.engine.iife.js?v="1"' });
    expect(inWeChat.html).toContain('<link rel="preload" as="script" href="/js/wx-coupon.engine.iife.js?v=&quot;1&quot;">');
    const outside = await embedCouponConfig({ handler: handler(), request: page(undefined, { 'user-agent': SAFARI }), engineUrl: '/js/wx-coupon.engine.iife.js' });
    expect(outside.html).not.toContain('<link');
  });
});

describe('embeddedConfigScript', () => {
  it('writes JSON that no content can break out of, and reads back the same', () => {
    const config = { signature: { url: 'https://m.example.com/?q=</script><script>alert(1)</script>&x=\u2028', appId: APP_ID, timestamp: 1, nonceStr: 'n', signature: 'a'.repeat(40), expiresAt: 2 } };
    const html = embeddedConfigScript(config);
    const inner = html.slice('<script type="application/json" id="wx-coupon-config">'.length, -'</script>'.length);
    expect(inner).not.toMatch(/[<>&\u2028\u2029]/);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(JSON.parse(inner)).toEqual(config);
  });
});
