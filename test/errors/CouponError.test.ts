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

  it('is recognised by instanceof across copies of the class (the script tag’s engine file has its own)', async () => {
    const path = '../../src/errors/CouponError?copy';
    const { CouponError: Copy } = (await import(/* @vite-ignore */ path)) as typeof import('../../src/errors/CouponError');
    expect(Copy).not.toBe(CouponError);
    expect(new Copy('TIMEOUT', 'slow')).toBeInstanceOf(CouponError);
    expect(new CouponError('TIMEOUT', 'slow')).toBeInstanceOf(Copy);
    expect({ code: 'TIMEOUT' }).not.toBeInstanceOf(CouponError);
  });
});
