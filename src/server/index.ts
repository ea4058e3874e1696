// wx-coupon/server: signatures, a central token/ticket cache, the HTTP handler, code decrypt.
export * from './sign';
