// wx-coupon/simulator: a WeixinJSBridge for desktop browsers and tests.
export { encryptSimulatedCode, decryptSimulatedCode, newSimulatedCode } from './codes';
