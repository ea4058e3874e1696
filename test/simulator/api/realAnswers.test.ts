// The stand-in's answers against WeChat's published ones (test/fixtures/wechat-answers/standin-*.json,
// each citing its source): the same fields, of the same JSON types, all the way down; and for
// errors the same errcode and errmsg (WeChat appends a " hint: [...]" that changes per call).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardWorld, groupon } from './cardWorld';

const DIR = new URL('../../fixtures/wechat-answers/', import.meta.url);
const published = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`standin-${name}.json`, DIR), 'utf8')).answer;

/** Keys and JSON types, recursively; an array by the shape of its first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [value.length ? shape(value[0]) : 'empty'];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0e6c5a60000000049454e44ae426082', 'hex');

describe('the stand-in answers like WeChat (published answers)', () => {
  it('has a fixture with its source for every answer compared here', () => {
    const files = readdirSync(DIR).filter((f) => f.startsWith('standin-'));
    expect(files.length).toBeGreaterThanOrEqual(17);
    for (const file of files) expect(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')).source).toMatch(/https:\/\//);
  });

  it('every endpoint, on a coupon\'s whole life', async () => {
    const { api, standIn, add, access_token } = await cardWorld();
    const answers: Record<string, unknown> = {};
    const form = new FormData();
    form.append('buffer', new Blob([new Uint8Array(PNG)]), 'logo.png');
    answers['media-uploadimg'] = await (await standIn.fetch(`https://api.weixin.qq.com/cgi-bin/media/uploadimg?access_token=${access_token}`, { method: 'POST', body: form })).json();

    const definition = groupon({ brand_name: '微信餐厅' }, { deal_detail: '以下锅底2选1' });
    answers['card-create'] = await api('card/create', { card: definition });
    const cardId = (answers['card-create'] as { card_id: string }).card_id;
    answers['card-get'] = await api('card/get', { card_id: cardId });
    answers['card-batchget'] = await api('card/batchget', { offset: 0, count: 10, status_list: ['CARD_STATUS_VERIFY_OK'] });
    answers['card-update'] = await api('card/update', { card_id: cardId, groupon: { base_info: { description: '周末可用' } } });
    answers['card-modifystock'] = await api('card/modifystock', { card_id: cardId, increase_stock_value: 10 });
    answers['card-qrcode-create'] = await api('card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 1800, action_info: { card: { card_id: cardId, is_unique_code: false, outer_str: '12b' } } });
    answers['card-landingpage-create'] = await api('card/landingpage/create', { banner: 'http://mmbiz.qpic.cn/mmbiz/b/0', page_title: '惠城优惠大派送', can_share: true, scene: 'SCENE_NEAR_BY', card_list: [{ card_id: cardId, thumb_url: 'http://mmbiz.qpic.cn/mmbiz/t/0' }] });
    answers['card-testwhitelist-set'] = await api('card/testwhitelist/set', { openid: ['o1Pj9jmZvwSyyyyyyBa4aULW2mA'], username: ['afdvvf'] });
    const first = await add(cardId);
    const second = await add(cardId);
    answers['card-user-getcardlist'] = await api('card/user/getcardlist', { openid: standIn.simulatedOpenid() });
    answers['card-code-get'] = await api('card/code/get', { card_id: cardId, code: first.code, check_consume: true });
    answers['card-code-decrypt'] = await api('card/code/decrypt', { encrypt_code: first.encrypt_code });
    answers['card-code-consume'] = await api('card/code/consume', { code: first.code, card_id: cardId });
    answers['card-code-unavailable'] = await api('card/code/unavailable', { code: second.code, card_id: cardId, reason: '退款' });
    answers['card-delete'] = await api('card/delete', { card_id: cardId });

    for (const [name, answer] of Object.entries(answers)) {
      const expected = published(name);
      expect(shape(answer), name).toEqual(shape(expected));
      if ('errcode' in expected) expect(answer, name).toMatchObject({ errcode: expected.errcode, errmsg: expected.errmsg });
    }
  });

  it('errors: 40099 word for word; 40073 up to WeChat\'s per-call hint', async () => {
    const { api, add, create } = await cardWorld();
    const { code } = await add(await create());
    await api('card/code/consume', { code });
    expect(await api('card/code/consume', { code })).toEqual(published('error-40099'));
    const unknown = await api('card/update', { card_id: 'pj3y1v-2sW1AgR6WQhZRWjANMd_E', groupon: { base_info: {} } });
    const real = published('error-40073');
    expect(unknown.errcode).toBe(real.errcode);
    expect(unknown.errmsg.split(' hint:')[0]).toBe(real.errmsg.split(' hint:')[0]);
  });
});

describe('the errcode table', () => {
  it('names an errmsg and a source for every errcode the stand-in answers', async () => {
    const { ERRCODES } = await import('../../../src/simulator/api');
    const sources = readdirSync(new URL('../../../src/simulator/api/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    const used = new Set<number>();
    for (const file of sources) {
      const text = readFileSync(new URL(`../../../src/simulator/api/${file}`, import.meta.url), 'utf8');
      for (const match of text.matchAll(/WeChatError\((-?\d+)/g)) used.add(Number(match[1]));
    }
    expect(used.size).toBeGreaterThan(25);
    for (const errcode of used) expect(ERRCODES, `errcode ${errcode}`).toHaveProperty(String(errcode), expect.objectContaining({ errmsg: expect.any(String), source: expect.stringMatching(/^[GCRA]$/) }));
  });
});
