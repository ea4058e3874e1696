// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { decryptCouponCode } from '../../src';

afterEach(() => vi.unstubAllGlobals());

it('posts the encrypt_code to the decrypt endpoint and returns the code', async () => {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ code: '110201201245' }), { status: 200 }));
  vi.stubGlobal('fetch', fetch);
  await expect(decryptCouponCode('a+b/c=', { url: '/api/wx/decrypt' })).resolves.toBe('110201201245');
  expect(fetch.mock.calls[0]).toMatchObject([`${location.origin}/api/wx/decrypt`, { method: 'POST', body: JSON.stringify({ encryptCode: 'a+b/c=' }) }]);
});

it('rejects DECRYPT_FAILED with the server’s message, and INVALID_ARGUMENT for bad input', async () => {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'upstream_error', message: 'invalid code' }), { status: 502 }));
  await expect(decryptCouponCode('x', { url: '/api/wx/decrypt' })).rejects.toMatchObject({ code: 'DECRYPT_FAILED', message: expect.stringContaining('invalid code') });
  await expect(decryptCouponCode('', { url: '/d' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(decryptCouponCode('x', {} as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
});
