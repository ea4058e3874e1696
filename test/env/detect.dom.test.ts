// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectWeChat, isCardsAndOffersSupported } from '../../src/env';

const IPHONE_WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

afterEach(() => {
  vi.restoreAllMocks();
  delete (window as { __wxjs_environment?: string }).__wxjs_environment;
});

describe('detecting the current page', () => {
  it('reads navigator.userAgent when no user agent is given', () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(IPHONE_WECHAT);
    expect(detectWeChat()).toMatchObject({ client: 'wechat', version: '8.0.47', cardsSupported: true });
    expect(isCardsAndOffersSupported()).toBe(true);
  });

  it('recognises a mini program web-view by window.__wxjs_environment', () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(IPHONE_WECHAT);
    (window as { __wxjs_environment?: string }).__wxjs_environment = 'miniprogram';
    expect(detectWeChat().client).toBe('miniprogram');
    // An explicit user agent describes that UA, not this page.
    expect(detectWeChat(IPHONE_WECHAT).client).toBe('wechat');
  });

  it('takes a touch-screen "Mac" for the iPad it is, on the current page only', () => {
    const ipadAsMac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI';
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(ipadAsMac);
    vi.spyOn(navigator, 'maxTouchPoints', 'get').mockReturnValue(5);
    expect(detectWeChat()).toMatchObject({ client: 'wechat', cardsSupported: true });
    expect(detectWeChat(ipadAsMac)).toMatchObject({ client: 'wechat-desktop', reason: 'desktop' });
  });

  it('describes an empty user agent, not the page (ua-parser-js would read navigator for "")', () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(IPHONE_WECHAT);
    expect(detectWeChat('')).toEqual({ client: 'other', version: null, os: 'other', cardsSupported: false, reason: 'not-wechat' });
  });

  it('says not-wechat for happy-dom’s own user agent', () => {
    expect(detectWeChat()).toMatchObject({ client: 'other', reason: 'not-wechat' });
  });
});
