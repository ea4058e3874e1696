// Property-based tests: readCouponContext never throws and reads any string in linear time
// (up to 256 KB), and gets back exactly what WeChat appended, in every URL shape of spec §6.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCouponContext, type CouponContext } from '../../src/redirect';
import { adversarial, anyString, LINEAR_BOUND_MS, linearRatio, timed } from '../helpers/adversarial';
import { couponUrl, expectedContext } from './couponUrls';

// What the parser splits on and looks for.
const TOKENS = [
  'https://m.example.com/use', '?', '#', '#/use?', '#/use&', '&', '=', '%', '%2B', '%20', '%E4%B8%AD', '%E0%A4%A', '%ED%A0%80', '%C0%80', '+', ' ', '/',
  'encrypt_code=', 'card_id=', 'openid=', 'outer_str=', 'encrypt%5Fcode=', 'card_id', 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc', 'XXIzTtMq+VJ/dE=', '==',
  'MicroMessenger/', '6.0.', 'Mozilla/5.0 (', ';',
];

const PLAIN_ID = /^[\w-]{1,64}$/;

function expectWellFormed(context: CouponContext): void {
  expect(Object.keys(context).sort()).toEqual(['cardId', 'encryptCode', 'openid', 'outerStr']);
  if (context.cardId !== null) expect(context.cardId).toMatch(PLAIN_ID);
  if (context.openid !== null) expect(context.openid).toMatch(PLAIN_ID);
  if (context.encryptCode !== null) expect(context.encryptCode).toMatch(/^[\w+/=-]{1,512}$/);
  if (context.outerStr !== null) {
    expect(context.outerStr.length).toBeGreaterThan(0);
    expect(context.outerStr.length).toBeLessThanOrEqual(512);
    expect(context.outerStr).not.toMatch(/[\u0000-\u001f\u007f]/);
  }
}

describe('readCouponContext never throws', () => {
  it('on arbitrary strings: full unicode, control characters, lone surrogates, broken escapes', () => {
    fc.assert(
      fc.property(anyString(TOKENS, 2_000), (url) => expectWellFormed(readCouponContext(url))),
      { numRuns: 500 },
    );
  });

  it('on any value at all, as plain JavaScript callers may pass', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        // undefined means "the current page", which Node has none of.
        expectWellFormed(readCouponContext(value as string));
      }),
      { numRuns: 200 },
    );
  });
});

describe('malformed escapes are told apart without catching exceptions', () => {
  // readCouponContext checks %-escapes against the UTF-8 grammar before decoding; it must
  // accept exactly what decodeURIComponent accepts, or it would drop or misread a value.
  const expected = (escaped: string): string | null => {
    try {
      const value = decodeURIComponent(`x${escaped}`);
      return /[\u0000-\u001f\u007f]/.test(value) ? null : value;
    } catch {
      return null;
    }
  };
  const hex = (byte: number) => `%${byte.toString(16).padStart(2, '0')}`;

  it('for every escaped byte and byte pair', () => {
    for (let a = 0; a < 256; a++) {
      for (let b = -1; b < 256; b++) {
        // Upper-case hex, as browsers write it; the sequences below mix both cases.
        const escaped = (hex(a) + (b < 0 ? '' : hex(b))).toUpperCase();
        const got = readCouponContext(`?outer_str=x${escaped}`).outerStr;
        if (got !== expected(escaped)) expect(got, escaped).toBe(expected(escaped));
      }
    }
  });

  it('for sequences of up to four bytes, mixed with text and stray "%"', () => {
    // Lead bytes and continuation bytes around the UTF-8 boundaries, and anything else.
    const byte = fc.oneof(
      fc.constantFrom(0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff),
      fc.integer({ min: 0, max: 255 }),
    );
    const sequence = fc.tuple(fc.array(byte, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([bytes, upper]) => {
      const escaped = bytes.map(hex).join('');
      return upper ? escaped.toUpperCase() : escaped;
    });
    const piece = fc.oneof(sequence, fc.constantFrom('%', '%4', '%g0', '%%41', 'a', '=', '/'));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const escaped = pieces.join('');
        expect(readCouponContext(`?outer_str=x${escaped}`).outerStr).toBe(expected(escaped));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('readCouponContext reads 256 KB inputs in linear time', () => {
  // As for detectWeChat: a linear pass over 256 KB takes milliseconds, quadratic work on it
  // minutes, so a one-second bound is only broken by super-linear work. The pumps below
  // include the ones that used to cost an exception each (a malformed %-escape per pair):
  // linear still, but half a second per 256 KB before decoding learnt to check first.
  it('on adversarial inputs pumped from the tokens the parser looks for', () => {
    fc.assert(
      fc.property(adversarial(TOKENS), (input) => {
        const { result, ms } = timed(() => readCouponContext(input));
        expectWellFormed(result);
        expect(ms).toBeLessThan(LINEAR_BOUND_MS);
      }),
      { numRuns: 40 },
    );
  });

  it('on the worst pumps we know of, with the same bytes in one piece or in 16', () => {
    const pumps: Array<[prefix: string, pump: string]> = [
      ['?', '%=&'], ['?', 'card_id=%&'], ['?', 'encrypt_code=%E0%A4%A&'], ['?', 'outer_str=%&'], ['?', 'outer_str=%ED%A0%80&'],
      ['?', 'encrypt_code=+&'], ['?', 'encrypt_code=a'], ['?', 'a=b&'], ['#/use', '&card_id=p1'], ['', '#&'], ['', '&?'],
      ['?outer_str=', '%E4%B8%AD'], ['?outer_str=', '%'],
    ];
    for (const [prefix, pump] of pumps) {
      const ratio = linearRatio((input) => readCouponContext(input), pump, prefix);
      expect(ratio, `${JSON.stringify(prefix)} + ${JSON.stringify(pump)}…`).toBeLessThan(4);
    }
  });
});

describe('readCouponContext round-trips what WeChat appends', () => {
  it('in every URL shape of spec §6, encoded or raw, after any merchant parameters', () => {
    fc.assert(
      fc.property(couponUrl(), (case_) => {
        expect(readCouponContext(case_.url)).toEqual(expectedContext(case_));
      }),
      { numRuns: 2_000 },
    );
  });
});
