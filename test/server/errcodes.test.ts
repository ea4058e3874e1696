// The errcode table: one place for what each errcode means, how it is retried, whether it is
// remembered, and the hint in zh-CN and English.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeErrcode, errcodeEntry, WeChatApiError } from '../../src/server';
import { listedErrcodes } from '../../src/server/wechat/errcodes';

const root = resolve(import.meta.dirname, '../../src/server');

describe('errcode table', () => {
  it('is the only source file that lists the errcodes the code acts on', () => {
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('errcodes.ts'));
    const acted = [-1, ...listedErrcodes().map((entry) => entry.errcode)].filter((errcode) => errcode > 0);
    const offenders = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line)) // comments may name them
        .filter((line) => acted.some((errcode) => new RegExp(`\\b${errcode}\\b`).test(line)))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('retry policy: -1 backoff, refused tokens refresh once, the rest neither', () => {
    expect(errcodeEntry(-1)).toMatchObject({ kind: 'busy', retry: 'backoff', remembered: false });
    for (const errcode of [40001, 40014, 42001]) expect(errcodeEntry(errcode)).toMatchObject({ kind: 'token_rejected', retry: 'refresh_token', remembered: false });
    for (const errcode of [45009, 40125, 40164, 40013, 48001]) expect(errcodeEntry(errcode)).toMatchObject({ retry: 'none', remembered: true });
    expect(errcodeEntry(40056)).toMatchObject({ kind: 'unknown_code', callerCaused: true });
    expect(errcodeEntry(40099)).toMatchObject({ kind: 'already_consumed' });
    expect(errcodeEntry(99999)).toMatchObject({ kind: 'unlisted', retry: 'none', remembered: true });
  });

  it('every entry has a zh-CN and an English hint', () => {
    for (const entry of listedErrcodes()) {
      expect(entry.hint['zh-CN'], String(entry.errcode)).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.hint.en, String(entry.errcode)).toMatch(/^[A-Za-z][\x20-\x7e]*[a-z]/);
    }
  });

  it('describeErrcode: zh-CN by default, English on request, a pointer for unlisted ones', () => {
    expect(describeErrcode(45009)).toMatch(/当日接口调用次数已用完/);
    expect(describeErrcode(45009, 'en')).toMatch(/daily API quota/);
    expect(describeErrcode(99999, 'en')).toMatch(/not in wx-coupon's table.*Global_Return_Code/);
    expect(describeErrcode(99999)).toMatch(/全局返回码/);
  });

  it("WeChatApiError's message carries the English hint", () => {
    expect(new WeChatApiError(40078, 'invalid card status', 'card/code/consume').message).toBe(
      'WeChat API card/code/consume answered errcode 40078: invalid card status (invalid card status: e.g. the card is not approved yet, and only test-whitelisted users can add an unapproved card)',
    );
    expect(new WeChatApiError(99999, 'x', 'p').message).toBe('WeChat API p answered errcode 99999: x');
  });
});
