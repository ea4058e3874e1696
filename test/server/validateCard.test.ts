// validateCard: WeChat's card/create rules, checked before anything is sent, every issue at
// once with the field, the rule and the value.
import { describe, expect, it } from 'vitest';
import { CARD_COLORS, validateCard, type CardDefinition } from '../../src/server';
import { baseInfo, groupon, samples } from './cardSamples';

const NOW = Date.UTC(2025, 0, 6, 1, 0, 0);
const nowSeconds = NOW / 1000;
const check = (card: unknown) => validateCard(card, { now: NOW });
const paths = (card: unknown) => check(card).map((issue) => issue.path);

describe('validateCard', () => {
  it.each(Object.keys(samples))('accepts a valid %s coupon, bare or wrapped in { card }', (type) => {
    expect(check(samples[type])).toEqual([]);
    expect(check({ card: samples[type] })).toEqual([]);
  });

  it('counts UTF-8 bytes, not characters: 9 汉字 fit title string(27), 10 do not', () => {
    expect(check(groupon({ title: '一二三四五六七八九' }))).toEqual([]);
    const [issue] = check(groupon({ title: '一二三四五六七八九十' }));
    expect(issue).toMatchObject({ path: 'card.groupon.base_info.title', severity: 'error', value: '一二三四五六七八九十' });
    expect(issue!.rule).toMatch(/27 UTF-8 bytes \(9 汉字\); this is 30/);
    // 27 ASCII letters fit, 28 do not
    expect(check(groupon({ title: 'a'.repeat(27) }))).toEqual([]);
    expect(paths(groupon({ title: 'a'.repeat(28) }))).toEqual(['card.groupon.base_info.title']);
  });

  it.each([
    ['brand_name', 36],
    ['notice', 48],
    ['sub_title', 54],
    ['description', 3072],
    ['custom_url_name', 15],
    ['custom_url_sub_title', 18],
    ['promotion_url_name', 15],
    ['center_title', 18],
    ['service_phone', 24],
  ] as const)('%s: at most %i bytes', (field, max) => {
    expect(check(groupon({ [field]: 'x'.repeat(max) }))).toEqual([]);
    expect(check(groupon({ [field]: 'x'.repeat(max + 1) }))).toMatchObject([{ path: `card.groupon.base_info.${field}`, rule: expect.stringContaining(`${max} UTF-8 bytes`) }]);
  });

  it('lists every issue at once, each with path, rule and value', () => {
    const card = {
      card_type: 'CASH',
      cash: {
        base_info: { ...baseInfo(), title: '', color: 'Color999', code_type: 'CODE_TYPE_PDF417', sku: { quantity: 100_000_001 }, location_id_list: [1, '2'], logo_url: 'https://example.com/logo.png' },
        least_cost: 10.5,
        reduce_cost: 0,
      },
    };
    const issues = check(card);
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      [
        'card.cash.base_info.title',
        'card.cash.base_info.color',
        'card.cash.base_info.code_type',
        'card.cash.base_info.sku.quantity',
        'card.cash.base_info.location_id_list[1]',
        'card.cash.base_info.logo_url',
        'card.cash.least_cost',
        'card.cash.reduce_cost',
      ].sort(),
    );
    expect(issues.find((issue) => issue.path.endsWith('color'))).toMatchObject({ value: 'Color999', rule: expect.stringContaining('Color010') });
    expect(issues.find((issue) => issue.path.endsWith('quantity'))).toMatchObject({ value: 100_000_001, rule: expect.stringContaining('100,000,000') });
    expect(issues.find((issue) => issue.path.endsWith('[1]'))).toMatchObject({ value: '2', rule: expect.stringContaining('not a string') });
    for (const issue of issues) expect(issue.severity).toBe('error');
  });

  it("takes every colour of WeChat's list, Color010 to Color102, and nothing else", () => {
    for (const color of CARD_COLORS) expect(check(groupon({ color }))).toEqual([]);
    expect(CARD_COLORS).toContain('Color102');
    for (const color of ['Color000', 'Color103', '#63b359', 'color010']) expect(paths(groupon({ color: color as never }))).toEqual(['card.groupon.base_info.color']);
  });

  it('sku.quantity: 0 to 100,000,000 whole', () => {
    expect(check(groupon({ sku: { quantity: 0 } }))).toEqual([]);
    expect(check(groupon({ sku: { quantity: 100_000_000 } }))).toEqual([]);
    for (const quantity of [-1, 1.5, 100_000_001, '500']) expect(paths(groupon({ sku: { quantity: quantity as never } }))).toEqual(['card.groupon.base_info.sku.quantity']);
  });

  it('logo_url must be WeChat-hosted (mmbiz.qpic.cn, or a host passed as imageHosts)', () => {
    expect(paths(groupon({ logo_url: 'https://cdn.example.com/logo.png' }))).toEqual(['card.groupon.base_info.logo_url']);
    expect(paths(groupon({ logo_url: ' ibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0' }))).toEqual(['card.groupon.base_info.logo_url']); // the seed's
    expect(validateCard(groupon({ logo_url: 'http://127.0.0.1:5000/media/logo-1.png' }), { now: NOW, imageHosts: ['127.0.0.1'] })).toEqual([]);
  });

  describe('date_info', () => {
    const range = (begin: unknown, end: unknown) => groupon({ date_info: { type: 'DATE_TYPE_FIX_TIME_RANGE', begin_timestamp: begin as number, end_timestamp: end as number } });

    it('a fixed range covering now is fine', () => {
      expect(check(range(nowSeconds - 86400, nowSeconds + 86400 * 30))).toEqual([]);
    });
    it('begin must be before end', () => {
      expect(check(range(nowSeconds + 10, nowSeconds + 10))).toMatchObject([{ path: 'card.groupon.base_info.date_info.end_timestamp', rule: expect.stringContaining('after begin_timestamp') }]);
    });
    it('a range that is over is an error; one that starts later is a warning (redemption fails until then, as the seed warns)', () => {
      expect(check(range(nowSeconds - 200, nowSeconds - 100))).toMatchObject([{ severity: 'error', path: 'card.groupon.base_info.date_info.end_timestamp' }]);
      expect(check(range(nowSeconds + 100, nowSeconds + 200))).toMatchObject([{ severity: 'warning', path: 'card.groupon.base_info.date_info.begin_timestamp', rule: expect.stringContaining('redemption fails') }]);
    });
    it('timestamps are whole Unix seconds before 2038-01-19', () => {
      expect(paths(range(String(nowSeconds), nowSeconds + 10))).toEqual(['card.groupon.base_info.date_info.begin_timestamp']);
      expect(paths(range(NOW, NOW + 1000))).toContain('card.groupon.base_info.date_info.begin_timestamp'); // milliseconds
      expect(paths(range(nowSeconds, 2_147_483_648))).toEqual(['card.groupon.base_info.date_info.end_timestamp']);
    });
    it('a fixed term is at least 1 day, starting 0 or more days after adding', () => {
      expect(paths(groupon({ date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 0 } }))).toEqual(['card.groupon.base_info.date_info.fixed_term']);
      expect(paths(groupon({ date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 1, fixed_begin_term: -1 } }))).toEqual(['card.groupon.base_info.date_info.fixed_begin_term']);
      expect(check(groupon({ date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 1 } }))).toEqual([]);
    });
    it('other types are named', () => {
      expect(check(groupon({ date_info: { type: 'DATE_TYPE_PERMANENT' } as never }))).toMatchObject([{ path: 'card.groupon.base_info.date_info.type', value: 'DATE_TYPE_PERMANENT' }]);
    });
  });

  it('per-type fields: deal_detail, least_cost/reduce_cost in fen, discount 1–99, gift, default_detail', () => {
    const strip = (card: CardDefinition, field: string) => {
      const copy = structuredClone(card) as unknown as Record<string, Record<string, unknown>>;
      delete copy[card.card_type.toLowerCase()]![field];
      return copy;
    };
    expect(paths(strip(samples.GROUPON!, 'deal_detail'))).toEqual(['card.groupon.deal_detail']);
    expect(paths(strip(samples.CASH!, 'reduce_cost'))).toEqual(['card.cash.reduce_cost']);
    expect(paths(strip(samples.GIFT!, 'gift'))).toEqual(['card.gift.gift']);
    expect(paths(strip(samples.GENERAL_COUPON!, 'default_detail'))).toEqual(['card.general_coupon.default_detail']);
    for (const discount of [0, 100, 7.5]) {
      expect(paths({ card_type: 'DISCOUNT', discount: { base_info: baseInfo(), discount } })).toEqual(['card.discount.discount']);
    }
    expect(check({ card_type: 'CASH', cash: { base_info: baseInfo(), least_cost: 0, reduce_cost: 1 } })).toEqual([]);
  });

  it('a missing or foreign type, a missing body and garbage are issues, not exceptions', () => {
    expect(check({ card_type: 'MEMBER_CARD', member_card: {} })).toMatchObject([{ path: 'card.card_type', value: 'MEMBER_CARD' }]);
    expect(check({ card_type: 'GROUPON', cash: {} })).toMatchObject([{ path: 'card.groupon' }]);
    for (const garbage of [null, 42, 'card', []]) expect(check(garbage)).toMatchObject([{ path: 'card' }]);
    expect(paths({ card_type: 'GROUPON', groupon: { deal_detail: 'x' } })).toEqual(['card.groupon.base_info']);
  });
});
