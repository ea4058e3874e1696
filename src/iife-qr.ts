// Companion of the script-tag bundle: the fallback's QR code as `window.WxCouponQr`,
// loaded only when a desktop or non-WeChat visitor is shown the fallback.
export { qrCodeSvg } from './page/dom/qrCode';
