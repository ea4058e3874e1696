// readOS follows ua-parser-js 1.x's OS rules without shipping it: held here to ua-parser-js
// itself (the project's full parser) on the shared user agents and on generated ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import UAParser from 'ua-parser-js';
import { describe, expect, it } from 'vitest';
import { readOS } from '../../src/env/os';
import { anyString } from '../helpers/adversarial';

const NAMES: Record<string, string> = { ios: 'ios', android: 'android', harmonyos: 'harmonyos', openharmony: 'harmonyos', windows: 'windows', 'mac os': 'macos' };
/** What detectWeChat reported before readOS: ua-parser-js's OS name, mapped. */
const byUAParser = (ua: string) => NAMES[(new UAParser(ua).getOS().name ?? '').toLowerCase()] ?? 'other';

const shared = readFileSync(fileURLToPath(new URL('../fixtures/wechat-user-agents.tsv', import.meta.url)), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t')[3] as string);

const MORE = [
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x1800282a) NetType/WIFI',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/6.8.0(0x16080000) MacWechat/3.8.6(0x13080610) XWEB/1156',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11)',
  'Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114 Mobile Safari/537.36 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.1',
  'Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52 Mobile Safari/537.36 Edge/15.15063',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36 MicroMessenger/8.0.1',
  'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36',
  'Mozilla/5.0 (Linux; U; Android 4.0.4; Android-x86 Build) AppleWebKit/534.30 Mobile Safari/534.30',
  'Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0) like iPhone OS 7_0_3 Mac OS X',
  'Mozilla/5.0 (Windows NT 6.2; ARM; Trident/7.0; Touch; rv:11.0) like Gecko',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 Edge/44.18363.8131',
  'Mozilla/5.0 (Linux; Ubuntu 14.04 like Android 4.4) AppleWebKit/537.36 Chromium/35.0.1870.2 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.16 MicroMessenger/7.0.1',
  'WeChat/8.0.47.34 CFNetwork/1485 Darwin/23.1.0',
  'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)',
  'Mozilla/4.0 (compatible; MSIE 5.0; Win 9x 4.90)',
  '',
  ' ',
];

// Pieces of real user agents, in any order: the rules race each other on these.
const FRAGMENTS = [
  'Mozilla/5.0 (', ') ', '; ', 'iPhone', 'iPad', 'iPod', 'CPU iPhone OS 17_0 like Mac OS X', 'CPU OS 16_6 like Mac OS X', 'Macintosh', 'Intel Mac OS X 10_15_7',
  'Windows NT 10.0', 'Windows NT 6.2; ARM', 'Win64; x64', 'Windows Phone 8.1', 'Windows Mobile', 'Xbox', 'Android 13', 'Android-x86', 'Linux', 'Linux x86_64',
  'X11', 'HarmonyOS', 'OpenHarmony 4.1', 'Ubuntu 14.04 like Android', 'CrOS x86_64', 'Tizen 5.0', 'KaiOS/2.5', 'Opera', 'CFNetwork/1485 Darwin/23.1.0',
  'MicroMessenger/8.0.47(0x18002f2c)', 'WindowsWechat', 'MacWechat', 'wxwork/4.1', 'Mobile/15E148', 'Build/TP1A', 'Haiku', 'ios/', 'FBSV/', 'iOS 17',
];

describe('readOS answers as ua-parser-js does', () => {
  it.each([...shared, ...MORE])("%s", (ua) => {
    expect(readOS(ua)).toBe(byUAParser(ua));
  });

  it('on user agents put together from real pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }), fc.constantFrom(' ', '; ', ''), (parts, sep) => {
        const ua = parts.join(sep);
        fc.pre(ua !== '');
        expect(readOS(ua)).toBe(byUAParser(ua));
      }),
      { numRuns: 2_000 },
    );
  });

  it('on arbitrary text around the pieces, and past the 500 characters both read', () => {
    fc.assert(
      fc.property(anyString(FRAGMENTS, 700), (ua) => {
        fc.pre(ua !== '');
        expect(readOS(ua)).toBe(byUAParser(ua));
      }),
      { numRuns: 1_000 },
    );
  });
});
