// Entry for pages that only read the redirect: `import { readCouponContext } from 'wx-coupon/redirect'`.
export { readCouponContext, type CouponContext } from './readCouponContext';
