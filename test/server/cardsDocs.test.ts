// docs/cards.md's rules table is what merchants check their card JSON against: every rule
// validateCard applies must be in it, with the same limit.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD_COLORS, CODE_TYPES } from '../../src/server';
import { BASE_INFO_BOOLEANS, BASE_INFO_LIMITS, BASE_INFO_TEXT, MAX_QUANTITY } from '../../src/server/cards/cardRules';

const docs = readFileSync(resolve(import.meta.dirname, '../../docs/cards.md'), 'utf8');
const rows = docs.split('\n').filter((line) => line.startsWith('| `'));
const rowFor = (field: string) => rows.filter((row) => row.split('|')[1]!.includes(`\`base_info.${field}\``) || row.split('|')[1]!.includes(` ${field}\``) || row.split('|')[1]!.includes(`\`${field}\``));

describe('docs/cards.md rules table', () => {
  it.each(BASE_INFO_TEXT.map((rule) => [rule.field, rule.maxBytes] as const))('%s: its byte limit %i', (field, maxBytes) => {
    const found = rowFor(field);
    expect(found.length, `no row for ${field}`).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(new RegExp(`\\b${maxBytes}\\b`));
  });

  it('the booleans, limits, colours, code types and the stock limit', () => {
    for (const field of [...BASE_INFO_BOOLEANS, ...BASE_INFO_LIMITS]) expect(rowFor(field).length, field).toBeGreaterThan(0);
    const table = rows.join('\n');
    for (const value of [...CARD_COLORS, ...CODE_TYPES]) expect(table).toContain(`\`${value}\``);
    expect(table).toContain(MAX_QUANTITY.toLocaleString('en'));
  });

  it('every row names a source', () => {
    const ruleRows = rows.filter((row) => row.split('|').length === 5);
    expect(ruleRows.length).toBeGreaterThan(25);
    for (const row of ruleRows) expect(row.split('|')[3]!.trim(), row).not.toBe('');
  });
});
