// The demo server's start-up banner and logger (demo/server/banner.ts).
import { describe, expect, it } from 'vitest';
import { bannerLines, demoLogger, setupWarnings, type DemoSetup } from '../../demo/server/banner';

const real: DemoSetup = { simulate: false, appId: 'wx1234567890abcdef', cardIds: ['pReal1'], cardIdsFromEnv: true, allowedOrigins: ['https://m.example.com'], env: { WX_APP_ID: 'wx1234567890abcdef', WX_APP_SECRET: 's3cret' } };

describe('the demo banner', () => {
  it('has no warnings for a complete real setup, and never prints the secret', () => {
    expect(setupWarnings(real)).toEqual([]);
    const text = bannerLines(real).join('\n');
    expect(text).toContain('warnings:       none');
    expect(text).toContain('signs pages on: localhost, 127.0.0.1, https://m.example.com');
    expect(text).not.toContain('s3cret');
  });

  it('warns in real mode that without WX_CARD_IDS the pages offer no coupons', () => {
    const bare = { ...real, cardIds: [], cardIdsFromEnv: false };
    expect(setupWarnings(bare)).toEqual([expect.stringMatching(/^WX_CARD_IDS is unset: the pages offer no coupons/)]);
    expect(bannerLines(bare).join('\n')).toContain('card ids:       none\n');
    expect(bannerLines({ ...real, simulate: true, cardIds: ['pSim1'], cardIdsFromEnv: false, env: {} }).join('\n')).toContain('card ids:       pSim1 (created on the stand-in through card/create)');
  });

  it('warns about an app id that is not one, and about half the credentials', () => {
    expect(setupWarnings({ ...real, appId: 'wx123' })).toEqual([expect.stringContaining('WX_APP_ID "wx123" is not an AppID')]);
    const half = setupWarnings({ ...real, simulate: true, appId: 'wxd0c0ffee00000001', env: { WX_APP_ID: 'wx1234567890abcdef' } });
    expect(half).toEqual(['WX_APP_ID is set but WX_APP_SECRET is not: running on the simulator. Set both for real mode.']);
  });

  it('logs every field the server part gives, and info lines only in real mode', () => {
    const lines: string[] = [];
    const out = { info: (text: string) => lines.push(`info ${text}`), warn: (text: string) => lines.push(`warn ${text}`), error: (text: string) => lines.push(`error ${text}`) };
    demoLogger(false, out).info?.('wx-coupon: fetched access_token', { appId: 'wx1', expiresIn: 7200 });
    demoLogger(true, out).info?.('not shown');
    demoLogger(true, out).warn?.('wx-coupon: WeChat API call failed', { path: 'cgi-bin/token', error: 'errcode 40013 (check appId)' });
    expect(lines).toEqual([
      'info [wx-coupon demo] wx-coupon: fetched access_token appId="wx1" expiresIn=7200',
      'warn [wx-coupon demo] wx-coupon: WeChat API call failed path="cgi-bin/token" error="errcode 40013 (check appId)"',
    ]);
  });
});
