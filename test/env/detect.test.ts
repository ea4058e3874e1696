import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectWeChat, isCardsAndOffersSupported, MIN_CARDS_VERSION } from '../../src/env';

const table = readFileSync(
  fileURLToPath(new URL('../fixtures/wechat-user-agents.tsv', import.meta.url)),
  'utf8',
)
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [client, version, cardsSupported, userAgent] = line.split('\t');
    return { client, version: version || null, cardsSupported: cardsSupported === 'true', userAgent: userAgent as string };
  });

const iphone = (token: string) =>
  `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ${token} NetType/WIFI Language/zh_CN`;
const android = (token: string) =>
  `Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 ${token} WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64`;

describe('detectWeChat on the shared user-agent table', () => {
  it('has rows to check', () => expect(table.length).toBeGreaterThan(10));
  it.each(table)('$client $version → cards $cardsSupported', (row) => {
    const env = detectWeChat(row.userAgent);
    expect(env.client).toBe(row.client);
    expect(env.version).toBe(row.version);
    expect(env.cardsSupported).toBe(row.cardsSupported);
    expect(env.reason === null).toBe(row.cardsSupported);
  });
});

describe('the 6.0.2 gate', () => {
  it('exports the minimum', () => expect(MIN_CARDS_VERSION).toBe('6.0.2'));
  it.each([
    ['MicroMessenger/6.0.1', '6.0.1', false],
    ['MicroMessenger/6.0', '6.0.0', false],
    ['MicroMessenger/6', '6.0.0', false],
    ['MicroMessenger/5.9.9', '5.9.9', false],
    ['MicroMessenger/6.0.2', '6.0.2', true],
    ['MicroMessenger/6.0.10', '6.0.10', true],
    ['MicroMessenger/6.1', '6.1.0', true],
    ['MicroMessenger/6.0.2.56_r958800.520', '6.0.2', true],
    ['MicroMessenger/6.0.1.99_r1', '6.0.1', false],
    ['MicroMessenger/8.0.47(0x18002f2c)', '8.0.47', true],
    ['MicroMessenger/10.0.1', '10.0.1', true],
    ['MicroMessenger/10.2', '10.2.0', true],
    ['MicroMessenger/11.0.0.1234(0x2b000000)', '11.0.0', true],
    ['MicroMessenger/1.0.2', '1.0.2', false],
    ['MicroMessenger/06.00.02', '6.0.2', true],
  ])('%s → %s', (token, version, supported) => {
    for (const ua of [iphone(token), android(token)]) {
      const env = detectWeChat(ua);
      expect(env).toMatchObject({ client: 'wechat', version, cardsSupported: supported });
      expect(env.reason).toBe(supported ? null : 'version-too-low');
    }
  });

  it('compares numerically, not as strings (10.x is newer than 6.0.2)', () => {
    expect('10.0.1' < '6.0.2').toBe(true); // the SDK's own mistake
    expect(isCardsAndOffersSupported(iphone('MicroMessenger/10.0.1'))).toBe(true);
  });

  it('treats a MicroMessenger token without a version as too old to trust', () => {
    expect(detectWeChat(iphone('MicroMessenger/'))).toMatchObject({ client: 'wechat', version: null, cardsSupported: false, reason: 'version-too-low' });
    expect(detectWeChat(iphone('MicroMessenger/1234567890.0.0'))).toMatchObject({ version: null, cardsSupported: false });
  });
});

describe('odd casing and spacing', () => {
  it.each([
    ['micromessenger/8.0.47', '8.0.47'],
    ['MICROMESSENGER/7.0.5', '7.0.5'],
    ['MicroMessenger / 8.0.1', '8.0.1'],
    ['MicroMessenger/ 6.0.2', '6.0.2'],
    ['MicroMessenger/8.0.47(0x18002f2c)', '8.0.47'],
  ])('%s', (token, version) => {
    expect(detectWeChat(iphone(token))).toMatchObject({ client: 'wechat', version, cardsSupported: true });
  });
});

describe('clients', () => {
  it('tells the OS apart', () => {
    expect(detectWeChat(iphone('MicroMessenger/8.0.47')).os).toBe('ios');
    expect(detectWeChat(android('MicroMessenger/8.0.47.2560(0x28002F30)')).os).toBe('android');
    expect(
      detectWeChat(
        'Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.1.21(0x20000115) NetType/WIFI',
      ),
    ).toMatchObject({ client: 'wechat', os: 'harmonyos', cardsSupported: true });
  });

  it('recognises a mini program web-view by its token', () => {
    expect(detectWeChat(android('MicroMessenger/8.0.40.2420(0x28002837) miniProgram/wx1234'))).toMatchObject({ client: 'miniprogram', cardsSupported: true });
    expect(detectWeChat(iphone('MicroMessenger/5.4.0 miniProgram'))).toMatchObject({ client: 'miniprogram', cardsSupported: false, reason: 'version-too-low' });
  });

  it('sends desktop WeChat to the phone', () => {
    const windows =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11) XWEB/11275 Flue';
    expect(detectWeChat(windows)).toEqual({ client: 'wechat-desktop', version: '7.0.20', os: 'windows', cardsSupported: false, reason: 'desktop' });
    const miniOnWindows =
      'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) NetType/WIFI MiniProgramEnv/Windows WindowsWechat/WMPF WindowsWechat(0x63090a13)';
    expect(detectWeChat(miniOnWindows).reason).toBe('desktop');
    // Platform alone is enough: a Mac UA with no desktop token.
    expect(detectWeChat('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/3.8.0').reason).toBe('desktop');
    expect(detectWeChat('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 MicroMessenger/4.0.0').reason).toBe('desktop');
    // Wayland sessions have no "X11".
    expect(detectWeChat('Mozilla/5.0 (Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 MicroMessenger/8.0.40').reason).toBe('desktop');
    // …but Android on a 64-bit ARM phone is no desktop.
    expect(detectWeChat('Mozilla/5.0 (Linux; Android 12; aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.40').cardsSupported).toBe(true);
  });

  it('keeps an iPad that claims Macintosh on the mobile side', () => {
    const ipad = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI';
    expect(detectWeChat(ipad)).toMatchObject({ client: 'wechat', cardsSupported: true });
  });

  it('recognises WeCom, which also says MicroMessenger', () => {
    expect(detectWeChat(android('wxwork/4.1.22 MicroMessenger/7.0.1'))).toMatchObject({ client: 'wecom', version: '7.0.1', cardsSupported: false, reason: 'wecom' });
    expect(detectWeChat('Mozilla/5.0 (Windows NT 10.0) wxwork/4.1.0 MicroMessenger/7.0.1 WindowsWechat')).toMatchObject({ client: 'wecom', reason: 'wecom' });
    expect(detectWeChat('Mozilla/5.0 (iPhone) WXWork/3.0.0')).toMatchObject({ client: 'wecom', version: null });
  });

  it('calls everything else not-wechat', () => {
    for (const ua of ['', 'curl/8.0', 'Mozilla/5.0 (iPhone) Weixin', 'Messenger/8.0.1 MicroMess/9']) {
      expect(detectWeChat(ua)).toMatchObject({ client: 'other', version: null, cardsSupported: false, reason: 'not-wechat' });
    }
  });
});

describe('hostile input', () => {
  const cases: Array<[string, unknown]> = [
    ['200 KB of junk around the token', 'x'.repeat(100_000) + ' MicroMessenger/8.0.1 ' + 'y'.repeat(100_000)],
    ['200 KB of repeated tokens', 'MicroMessenger/'.repeat(14_000)],
    ['200 KB of spaces after the token', 'MicroMessenger' + ' '.repeat(200_000)],
    ['200 KB of digits and dots', 'MicroMessenger/' + '1.'.repeat(100_000)],
    ['binary junk', Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['not a string', 42],
    ['null', null],
  ];
  it.each(cases)('%s never throws', (_name, input) => {
    const env = detectWeChat(input as string);
    expect(['wechat', 'other', 'wechat-desktop', 'miniprogram', 'wecom']).toContain(env.client);
    expect(typeof env.cardsSupported).toBe('boolean');
  });

  it('still reads a token that sits 100 KB in', () => {
    expect(detectWeChat('x'.repeat(100_000) + ' MicroMessenger/8.0.1 ').version).toBe('8.0.1');
  });
});
