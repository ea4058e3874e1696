import UAParser from 'ua-parser-js';
import { describe, expect, it } from 'vitest';
import { detectWeChat } from '../../src/env';
import { describeUserAgent } from '../../src/server';

const ANDROID_WECHAT = 'Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';

describe('describeUserAgent', () => {
  it('gives the page’s verdict and ua-parser-js’s full parse', () => {
    const described = describeUserAgent(ANDROID_WECHAT);
    expect(described).toMatchObject(detectWeChat(ANDROID_WECHAT));
    const parsed = new UAParser(ANDROID_WECHAT).getResult();
    expect(described.platform).toEqual({
      browser: { name: parsed.browser.name, version: parsed.browser.version },
      engine: { name: parsed.engine.name, version: parsed.engine.version },
      os: { name: 'Android', version: '13' },
      device: { type: 'mobile', vendor: parsed.device.vendor, model: parsed.device.model },
    });
  });

  it('says a desktop browser is not WeChat, and names it', () => {
    expect(describeUserAgent(WINDOWS_CHROME)).toMatchObject({ client: 'other', reason: 'not-wechat', os: 'windows', platform: { browser: { name: 'Chrome' }, os: { name: 'Windows', version: '10' }, device: {} } });
  });

  it('describes a request without a User-Agent as nothing, never the server’s own', () => {
    for (const missing of [null, undefined, '']) {
      expect(describeUserAgent(missing)).toEqual({ client: 'other', version: null, os: 'other', cardsSupported: false, reason: 'not-wechat', platform: { browser: {}, engine: {}, os: {}, device: {} } });
    }
  });
});
