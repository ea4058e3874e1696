// The simulator as a script tag (`window.WxCouponSimulator`), for pages that use the
// script-tag bundle; it installs itself from its data attributes (src/simulator/autoInstall.ts).
import { autoInstall } from './simulator/autoInstall';

const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
if (script) autoInstall(script);

export { installWeChatSimulator, DEFAULT_SIMULATOR_USER_AGENT, encryptSimulatedCode, decryptSimulatedCode, newSimulatedCode } from './simulator';
