// wx-coupon/simulator: a WeixinJSBridge for desktop browsers and tests. Never part of the
// main ESM or script-tag builds.
export {
  installWeChatSimulator,
  DEFAULT_SIMULATOR_USER_AGENT,
  type SimulatorOptions,
  type SimulatorAnswer,
  type SimulatedCard,
  type SimulatorCall,
  type WeChatSimulator,
} from './installWeChatSimulator';
export { encryptSimulatedCode, decryptSimulatedCode, newSimulatedCode } from './codes';
