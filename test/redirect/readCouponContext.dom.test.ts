// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { readCouponContext } from '../../src/redirect';

it('reads location.href by default', () => {
  history.replaceState(null, '', '/use?card_id=pABC&encrypt_code=a+b%3D');
  expect(readCouponContext()).toEqual({ cardId: 'pABC', encryptCode: 'a+b=', openid: null, outerStr: null });
});
