import { afterEach, describe, expect, it, vi } from 'vitest';
import { CouponError, fallbackText, userMessage, type CouponErrorCode } from '../../../src';

const CODES: CouponErrorCode[] = ['NOT_WECHAT', 'UNSUPPORTED_CLIENT', 'VERSION_TOO_LOW', 'SIGNATURE_FAILED', 'CONFIG_FAILED', 'TIMEOUT', 'CANCELLED', 'PERMISSION_DENIED', 'CARD_EXT_FAILED', 'INVALID_ARGUMENT', 'INVALID_RESPONSE', 'WECHAT_FAIL', 'DECRYPT_FAILED'];
const developerText = 'The signature endpoint (http://127.0.0.1:5173/api/wx/signature) answered HTTP 502 upstream_error: WeChat answered cgi-bin/token with errcode 40013 (check appId); see the server log.';

describe('userMessage: what a shopper reads', () => {
  it.each(CODES)('%s: short shopper words in zh-CN and English, never the code or the developer’s reason', (code) => {
    const error = new CouponError(code, developerText, { status: 502, serverCode: 'upstream_error' });
    const zh = userMessage(error);
    const en = userMessage(error, 'en');
    expect(zh).toMatch(/^[\u4e00-\u9fff，、]+$/); // Chinese only: no code, URL or English
    expect(en).toMatch(/^[A-Z][\w\s:&’,.]+$/);
    for (const text of [zh, en]) {
      expect(text).not.toContain(code);
      expect(text).not.toMatch(/HTTP|errcode|upstream|endpoint|appId|\.\./);
      expect(text.length).toBeLessThan(80);
    }
  });

  it('says what the shopper can do where the page cannot work, in the fallback’s words', () => {
    expect(userMessage(new CouponError('VERSION_TOO_LOW', 'x'))).toBe('请升级微信');
    expect(userMessage(new CouponError('VERSION_TOO_LOW', 'x'), 'en')).toBe(fallbackText('version-too-low', 'en').title);
    expect(userMessage(new CouponError('NOT_WECHAT', 'x'))).toBe('请在微信中打开');
    expect(userMessage(new CouponError('CANCELLED', 'x'))).toBe('已取消');
  });

  it('tells the shopper on the redirect page that a refused encrypt_code is a stale link, and a server failure is not', () => {
    expect(userMessage(new CouponError('DECRYPT_FAILED', 'x', { status: 400, serverCode: 'invalid_code' }))).toContain('链接已失效');
    expect(userMessage(new CouponError('DECRYPT_FAILED', 'x', { status: 400 }), 'en')).toContain('link has expired');
    expect(userMessage(new CouponError('DECRYPT_FAILED', 'x', { status: 502, serverCode: 'upstream_error' }))).toBe('暂时无法完成，请稍后再试');
  });

  it('is generic for anything that is not a CouponError, and reads lang like the fallback', () => {
    expect(userMessage(new Error('boom'))).toBe('暂时无法完成，请稍后再试');
    expect(userMessage({ code: 'constructor' }, 'en-US')).toBe('Something went wrong: please try again later');
    expect(userMessage(undefined, 'fr')).toBe('暂时无法完成，请稍后再试');
  });
});

describe('userMessage for UNSUPPORTED_CLIENT', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('tells desktop WeChat to use the phone, and WeCom to use WeChat', () => {
    const error = new CouponError('UNSUPPORTED_CLIENT', 'x');
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11)' });
    expect(userMessage(error)).toBe('请在手机上打开');
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.0 MicroMessenger/7.0.1 Language/zh' });
    expect(userMessage(error, 'en')).toBe('Open in WeChat');
  });
});
