import { describe, expect, it, vi } from 'vitest';
import { companion } from '../../src/page/companion';
import { resultOf } from '../../src/engine/errMsg';

describe('companion loaders', () => {
  it('time out a load that stalls, and try afresh on the next call', async () => {
    const importModule = vi.fn(() => new Promise<never>(() => {}));
    const load = companion('engine', 'WxCouponEngine', importModule);
    await expect(load(30)).rejects.toThrow(/did not load within 30 ms/);
    await expect(load(30)).rejects.toThrow(/did not load within 30 ms/);
    expect(importModule).toHaveBeenCalledTimes(2);
  });

  it('load once and share the result', async () => {
    const importModule = vi.fn(async () => ({ ok: true }));
    const load = companion('engine', 'WxCouponEngine', importModule);
    expect(await load(100)).toBe(await load(100));
    expect(importModule).toHaveBeenCalledTimes(1);
  });
});

describe('errMsg results, as weixin-js-sdk 1.6.5 reads them', () => {
  it.each([
    ['batch_add_card:ok', undefined, 'ok'],
    ['batch_add_card:confirm', undefined, 'ok'],
    ['batch_add_card:cancel', undefined, 'cancel'],
    ['batch_add_card:failed', undefined, 'fail'],
    ['preVerifyJSAPI:fail_invalid_signature', 'config', 'invalid signature'],
    ['preVerifyJSAPI:fail_invalid signature', 'config', 'invalid signature'],
    ['choose_card:access denied', undefined, 'permission denied'],
    ['choose_card:failed_no permission to execute', undefined, 'permission denied'],
    ['preVerifyJSAPI:fail_function not exist', 'config', 'ok'],
    ['batch_view_card:fail_function not exist', undefined, 'function not exist'],
    [undefined, 'config', 'ok'],
    ['', undefined, 'ok'],
  ])('%s (%s) → %s', (errMsg, api, result) => {
    expect(resultOf(errMsg, api)).toBe(result);
  });
});
