import { describe, expect, it } from 'vitest';
import { signCardExt, signChooseCard, signJsapi } from '../../src/server/sign';
import { createHash } from 'node:crypto';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('signJsapi', () => {
  it('matches the official example', async () => {
    expect(await signJsapi({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
  });
  it('drops #… and keeps the query byte for byte', async () => {
    const base = { ticket: TICKET, nonceStr: 'n', timestamp: '1' };
    const url = 'https://m.example.com/a?x=%E4%B8%AD&y=a+b&z=%2F';
    expect(await signJsapi({ ...base, url: `${url}#/route?q=1` })).toBe(await signJsapi({ ...base, url }));
    expect(await signJsapi({ ...base, url })).toBe(sha1(`jsapi_ticket=${TICKET}&noncestr=n&timestamp=1&url=${url}`));
    expect(await signJsapi({ ...base, url })).not.toBe(await signJsapi({ ...base, url: decodeURIComponent(url) }));
  });
  it('refuses a missing ticket with a TypeError', async () => {
    await expect(async () => signJsapi({ ticket: '', nonceStr: 'n', timestamp: 1, url: 'https://x/' })).rejects.toThrow(TypeError);
  });
});

describe('signCardExt', () => {
  it('matches the official example', async () => {
    expect(
      await signCardExt({ apiTicket: 'ojZ8YtyVyr30HheH3CM73y7h4jJE', cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', timestamp: 1404896688, nonceStr: '123', code: '1434008071' }),
    ).toBe('f137ab68b7f8112d20ee528ab6074564e2796250');
  });
  it('sorts the values and leaves out the unused ones', async () => {
    expect(await signCardExt({ apiTicket: 'T', cardId: 'pC', timestamp: 9, nonceStr: 'a', openid: 'o1' })).toBe(sha1(['T', 'pC', '9', 'a', 'o1'].sort().join('')));
  });
});

describe('signChooseCard', () => {
  it('sorts the non-empty values', async () => {
    expect(await signChooseCard({ apiTicket: 'T', appId: 'wx1', timestamp: 5, nonceStr: 'n', shopId: 123, cardType: '', cardId: 'pC' })).toBe(
      sha1(['T', 'wx1', '5', 'n', '123', 'pC'].sort().join('')),
    );
  });
});
