// Companion of the script-tag bundle: the fallback's look and QR code as `window.WxCouponQr`,
// loaded only when a visitor is shown the fallback (src/page/dom/fallback.ts).
export { dressFallback } from './page/dom/fallbackLook';
