import { describe, expect, expectTypeOf, it } from 'vitest';
import { CouponError, isCouponError, type CouponErrorCode } from '../../src';

describe('CouponError', () => {
  it('carries code, cause, errMsg and the failed request', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new CouponError('SIGNATURE_FAILED', 'Could not reach it.', { cause, errMsg: 'x:fail', request: '/api/wx/signature' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'CouponError', code: 'SIGNATURE_FAILED', cause, errMsg: 'x:fail', request: '/api/wx/signature', message: 'Could not reach it.' });
    expect(isCouponError(error)).toBe(true);
    expect(isCouponError(new Error('x'))).toBe(false);
    expectTypeOf(error.code).toEqualTypeOf<CouponErrorCode>();
  });

  it('carries the HTTP status and the server’s error code of a failed endpoint', () => {
    const error = new CouponError('SIGNATURE_FAILED', 'x', { status: 502, serverCode: 'upstream_error' });
    expect(error).toMatchObject({ status: 502, serverCode: 'upstream_error' });
    expect(new CouponError('TIMEOUT', 'x').status).toBeUndefined();
  });

  it('ends a sentence with one period when the text it quotes already ends with one', () => {
    expect(new CouponError('DECRYPT_FAILED', 'It answered HTTP 400 bad_request: pass encrypt_code..').message).toBe('It answered HTTP 400 bad_request: pass encrypt_code.');
    expect(new CouponError('CONFIG_FAILED', 'The bridge threw: stop.. Is another script replacing it?').message).toBe('The bridge threw: stop. Is another script replacing it?');
    expect(new CouponError('WECHAT_FAIL', 'See http://x/../a and 1.5.').message).toBe('See http://x/../a and 1.5.');
  });

  it('is recognised by instanceof across copies of the class (the script tag’s engine file has its own)', async () => {
    const path = '../../src/errors/CouponError?copy';
    const { CouponError: Copy } = (await import(/* @vite-ignore */ path)) as typeof import('../../src/errors/CouponError');
    expect(Copy).not.toBe(CouponError);
    expect(new Copy('TIMEOUT', 'slow')).toBeInstanceOf(CouponError);
    expect(new CouponError('TIMEOUT', 'slow')).toBeInstanceOf(Copy);
    expect({ code: 'TIMEOUT' }).not.toBeInstanceOf(CouponError);
  });
});
