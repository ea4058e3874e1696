// Property-based tests: detectWeChat never throws, always answers with a well-formed
// verdict, and reads any input in linear time (up to 256 KB, far beyond any real header).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectWeChat, isCardsAndOffersSupported, type WeChatEnvironment } from '../../src/env';
import { adversarial, anyString, LINEAR_BOUND_MS, linearRatio, MAX_INPUT, pumped, timed } from '../helpers/adversarial';

// The tokens the detection regexes (ours and ua-parser-js's) look for, and what sits between them.
const TOKENS = [
  'MicroMessenger/', 'micromessenger', 'MicroMessenger / ', '6.0.', '6.0.2', '8.0.47(0x18002f2c)', '.', '1', '0x',
  'Mozilla/5.0 (', 'iPhone; CPU iPhone OS 17_0 like Mac OS X) ', 'Android 13; ', 'Linux x86_64', 'X11; ',
  'Windows NT 10.0; ', 'Macintosh; ', 'WindowsWechat', 'MacWechat', 'MiniProgramEnv/Windows', 'miniProgram',
  'wxwork/', 'Mobile/', 'HarmonyOS', 'OpenHarmony', ' like Gecko) ', ';', ' ', '\t', '/', '(', ')',
  '%', '#', '?', '&', '=', '+', 'encrypt_code=',
];

const CLIENTS = ['wechat', 'miniprogram', 'wechat-desktop', 'wecom', 'other'];
const OSES = ['ios', 'android', 'harmonyos', 'windows', 'macos', 'other'];
const REASONS = [null, 'not-wechat', 'version-too-low', 'desktop', 'wecom'];

function expectWellFormed(env: WeChatEnvironment): void {
  expect(CLIENTS).toContain(env.client);
  expect(OSES).toContain(env.os);
  expect(REASONS).toContain(env.reason);
  expect(env.cardsSupported).toBe(env.reason === null);
  if (env.version !== null) expect(env.version).toMatch(/^\d{1,9}\.\d{1,9}\.\d{1,9}$/);
  if (env.client === 'other') expect(env).toMatchObject({ version: null, reason: 'not-wechat' });
}

describe('detectWeChat never throws', () => {
  it('on arbitrary strings: full unicode, control characters, lone surrogates', () => {
    fc.assert(
      fc.property(anyString(TOKENS, 2_000), (ua) => {
        const env = detectWeChat(ua);
        expectWellFormed(env);
        expect(isCardsAndOffersSupported(ua)).toBe(env.cardsSupported);
      }),
      { numRuns: 500 },
    );
  });

  it('on any value at all, as plain JavaScript callers may pass', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => expectWellFormed(detectWeChat(value as string))),
      { numRuns: 200 },
    );
  });

  it('and reads the version of a real token wherever it sits in arbitrary text', () => {
    const part = fc.integer({ min: 0, max: 99_999 });
    fc.assert(
      fc.property(anyString(TOKENS, 300), part, part, part, anyString(TOKENS, 300), (before, major, minor, patch, after) => {
        // Text that runs into the token ("…MicroMessenger/1.2" + "3") would change its version.
        fc.pre(!/micromessenger/i.test(before + after) && !/^[\d.]/.test(after));
        const env = detectWeChat(`${before} MicroMessenger/${major}.${minor}.${patch} ${after}`);
        expect(env.version).toBe(`${major}.${minor}.${patch}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('detectWeChat reads 256 KB inputs in linear time', () => {
  // "Linear" is shown by complexity class, not speed. A linear pass over 256 KB takes a few
  // milliseconds (measured: ≤ 20 ms here), while quadratic work — a regex backtracking over
  // the rest of the input from each of 256 K positions, ~3·10^10 steps — takes minutes.
  // A one-second bound is not broken by a slow or busy machine, only by super-linear work.
  // (ua-parser-js 1.x cuts its input to 500 characters, after stripping leading whitespace
  // with an anchored, linear regex; before that it only compares the string with
  // navigator.userAgent.) A regression here shows as a test that fails after minutes; the
  // ratio test below fails within seconds on the pumps it knows.
  it('on adversarial inputs pumped from the tokens the parsers look for', () => {
    fc.assert(
      fc.property(adversarial(TOKENS), (input) => {
        const { result, ms } = timed(() => detectWeChat(input));
        expectWellFormed(result);
        expect(ms).toBeLessThan(LINEAR_BOUND_MS);
      }),
      { numRuns: 40 },
    );
  });

  it('on the worst pumps we know of, with the same bytes in one piece or in 16', () => {
    // Same total bytes: 16 × 16 KB against 1 × 256 KB (after 16 × 1 KB against 16 KB).
    // Linear work takes about as long either way (measured ratio ≤ 1.2; fixed per-call
    // costs only lower it); quadratic work takes 16 times longer in one piece (measured
    // 7–16 with version.ts's regex swapped for the quadratic `\s*\/?\s*` its comment
    // warns about). The bound, 4, sits between.
    const pumps: Array<[prefix: string, pump: string]> = [
      ['', 'MicroMessenger '], ['', 'MicroMessenger/'], ['', 'MicroMessenger / 6.0.'], ['', 'Mozilla/5.0 ('],
      ['MicroMessenger', ' '], ['MicroMessenger', ' / '], ['MicroMessenger/', '1.'], ['MicroMessenger/', '6.0.'],
      ['', ' '], ['', 'iPhone '], ['', 'Linux x86_64 '], ['', 'Windows NT 10.0; '], [' ', 'x'],
    ];
    for (const [prefix, pump] of pumps) {
      expect(linearRatio((input) => detectWeChat(input), pump, prefix), `${JSON.stringify(prefix)} + ${JSON.stringify(pump)}…`).toBeLessThan(4);
    }
  });

  it('still finds the token at the end of 256 KB of junk', () => {
    const junk = pumped('Mozilla/5.0 (MicroMessenger ', MAX_INPUT - 40);
    expect(detectWeChat(`${junk} MicroMessenger/8.0.47`)).toMatchObject({ version: '8.0.47' });
  });
});
