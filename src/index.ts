// wx-coupon: put WeChat coupons into Cards & Offers (卡包) from H5 pages.
// Importing this module has no side effects and touches no browser global.
export * from './env';
export * from './redirect';
