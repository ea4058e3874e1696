// @vitest-environment happy-dom
// The round trip of readCouponContext.property.test.ts, through a real location: the URL
// parser percent-encodes what a browser would (non-ASCII, quotes, spaces) before the page
// reads location.href, and readCouponContext() must still give back exactly WeChat's values.
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { readCouponContext } from '../../src/redirect';
import { couponUrl, expectedContext } from './couponUrls';

const start = location.href;
afterAll(() => history.replaceState(null, '', start));

it('reads WeChat’s values back from location.href in every URL shape of spec §6', () => {
  fc.assert(
    fc.property(couponUrl(location.origin), (case_) => {
      history.replaceState(null, '', case_.url);
      expect(readCouponContext()).toEqual(expectedContext(case_));
      expect(readCouponContext(location.href)).toEqual(expectedContext(case_));
    }),
    { numRuns: 500 },
  );
});
