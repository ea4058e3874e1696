// The visitor's OS, read the way ua-parser-js 1.x reads it, without shipping ua-parser-js
// (8.8 KB gzip, 60 % of the script tag once) to every page inside WeChat. Only the six
// answers detectWeChat gives are kept: these are ua-parser-js's OS rules up to Android and
// OpenHarmony, in its order (the first rule that matches anywhere wins), because a later
// rule can only name an OS we report as 'other'. test/env/os.test.ts holds this to
// ua-parser-js itself on every user agent the tests know and on generated ones.
import type { WeChatOS } from './detect';

/** ua-parser-js reads at most this much, after stripping leading whitespace from longer input. */
const MAX_LENGTH = 500;

type Rule = [pattern: RegExp, os: WeChatOS | ((match: RegExpExecArray) => WeChatOS)];

const named = (name: string | undefined): WeChatOS => {
  const lower = (name || '').toLowerCase();
  return lower === 'android' ? 'android' : lower === 'harmonyos' || lower === 'openharmony' ? 'harmonyos' : 'other';
};

// ua-parser-js 1.0.41's OS rules (src/ua-parser.js, regexes.os), in its order. Where
// neighbouring rules name the same OS they are one alternation here, and the version each
// captures is left out: that changes which strings match no more than the name they give.
const RULES: Rule[] = [
  [/microsoft windows (?:vista|xp)/i, 'windows'],
  [/windows (?:phone|mobile|iot)/i, 'other'],
  [/windows nt 6\.2; arm|windows[/ ][ntce\d. ]+\w(?!.+xbox)|(?:win(?=3|9|n)|win 9x )[nt\d.]/i, 'windows'],
  [/[adehimnop]{4,7}\b(?:.*os \w+ like mac|; opera)|(?:ios;fbsv\/|iphone.+ios[/ ])[\d.]|cfnetwork\/.+darwin/i, 'ios'],
  [/mac os x|(?:macintosh|mac_powerpc\b)(?!.+haiku)/i, 'macos'],
  [/droid [\w.]+\b.+(android[- ]x86|harmonyos)/i, (match) => named(match[1])],
  [/ubuntu [\w.]+ like android/i, 'other'],
  [/android|bada|blackberry|kaios|maemo|meego|openharmony|qnx|rim tablet os|sailfish|series40|symbian|tizen|webos/i, (match) => named(match[0])],
];

/** The OS a user agent names: ios, android, harmonyos, windows, macos, or other. */
export function readOS(userAgent: string): WeChatOS {
  // The same cut as ua-parser-js, which also keeps every rule's work bounded on hostile input.
  const ua = userAgent.length > MAX_LENGTH ? userAgent.replace(/^\s\s*/, '').slice(0, MAX_LENGTH) : userAgent;
  for (const [pattern, os] of RULES) {
    const match = pattern.exec(ua);
    if (match) return typeof os === 'function' ? os(match) : os;
  }
  return 'other';
}
