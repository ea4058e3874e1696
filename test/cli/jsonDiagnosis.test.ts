// The diagnosis `wx-coupon create` prints for a card file JSON.parse refuses.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseJson } from '../../src/cli/jsonDiagnosis';
import { messagesFor } from '../../src/cli/messages';

const en = messagesFor('en');
const lines = (text: string) => diagnoseJson(text, en).map((p) => `${p.line}: ${p.what}`);

describe('diagnoseJson', () => {
  it("names every problem of the coupon overview's own example: its non-breaking spaces, the objects left open and the unclosed string", () => {
    // Copied byte for byte from the seed's step 3 ("JSON example"), non-breaking spaces included.
    const seed = readFileSync(resolve(import.meta.dirname, '../fixtures/seed-create-coupon.json'), 'utf8');
    const found = lines(seed);
    expect(found[0]).toMatch(/^1: \d+ U\+00A0 characters .*Replace them with spaces/);
    expect(found.slice(1)).toEqual([
      `16: '}' missing: "date_info" (opened on line 13) is not closed before line 17.`,
      `18: '}' missing: "sku" (opened on line 17) is not closed before line 19.`,
      `29: '}' missing: "base_info" (opened on line 4) is not closed before line 30.`,
      `30: this string is not closed: '"' missing (it runs to the end of the file).`,
      `30: '}}}' missing at the end of the file: "groupon" (opened on line 3), "card" (opened on line 1), the object or array opened on line 1 not closed.`,
    ]);
  });

  it('tells a missing comma from a missing brace by the indentation', () => {
    expect(lines('{\n  "a": 1\n  "b": 2\n}')).toEqual([`2: ',' missing after this value (line 3 starts the next one).`]);
    expect(lines('{\n  "a": {\n    "x": 1\n  "b": 2\n}')).toEqual([`3: '}' missing: "a" (opened on line 2) is not closed before line 4.`]);
  });

  it('names what is open at the end of a file cut short, and a string broken by a line break', () => {
    expect(lines('{\n  "list": [1, 2,\n    3\n')).toEqual([`3: ']}' missing at the end of the file: "list" (opened on line 2), the object or array opened on line 1 not closed.`]);
    expect(lines('{\n  "title": "half\n  "more": 1\n}')).toEqual([`2: this string is not closed before the end of its line: '"' missing (a line break inside a string is written \\n).`]);
  });

  it('finds nothing in valid JSON, and passes on what it cannot place', () => {
    expect(lines('{ "card": {} }')).toEqual([]);
    expect(lines('{ "a": tru }')[0]).toMatch(/^1: JSON.parse: /);
  });
});
