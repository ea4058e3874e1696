// The app the CLI uses offline: the embedded stand-in and `wx-coupon stand-in` know it, and
// `--stand-in-url` uses it unless WX_APP_ID / WX_APP_SECRET name another app of that stand-in
// (the demo's, say). Not a real AppID: WeChat would answer 40013 to it.
export const OFFLINE_APP = { appId: 'wxc0ffee00c11d0001', appSecret: 'wx-coupon-cli-offline-secret' } as const;

/** The stand-in's simulated user: scans QR codes, and is put on the test whitelist by `hello`. */
export const OFFLINE_USER = { openid: 'oWxCouponCliSimulatedUser001', username: 'wx-coupon-tester' } as const;
