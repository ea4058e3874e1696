// A WeChat page in happy-dom: the simulator installed first (it sets the user agent the
// real weixin-js-sdk reads once, at load), then a fresh copy of wx-coupon and of the SDK.
// Each page has its own WeChat API stand-in: the simulator checks signatures with the tickets
// it issues, and the merchant server (merchantServer.ts) gets them from it, as on WeChat.
import { vi } from 'vitest';
import { installWeChatSimulator, type SimulatorOptions, type WeChatSimulator } from '../../src/simulator';
import { createWeChatApiStandIn, type WeChatApiStandIn } from '../../src/simulator/api';

export const APP_ID = 'wx1234567890abcdef';
export const APP_SECRET = '0123456789abcdef0123456789abcdef';
/** Where the page reaches the stand-in (merchantServer routes it): `openPage(path, { standInUrl: STAND_IN_PATH })`. */
export const STAND_IN_PATH = '/__wx-api';

export const UA = {
  android: (version = '8.0.47.2560(0x28002F30)') =>
    `Mozilla/5.0 (Linux; Android 14; Pixel 8; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0 Mobile Safari/537.36 MicroMessenger/${version} NetType/WIFI Language/zh_CN`,
  iphone: (version = '8.0.47(0x18002f2c)') =>
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/${version} NetType/WIFI Language/zh_CN`,
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11)',
  wecom: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.0 MicroMessenger/7.0.1 Language/zh',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};

export type Lib = typeof import('../../src/index');

export interface Page {
  lib: Lib;
  sim: WeChatSimulator | undefined;
  standIn: WeChatApiStandIn;
}

let installed: WeChatSimulator | undefined;
let standIn: WeChatApiStandIn | undefined;

/** The open page's WeChat API stand-in. */
export function pageStandIn(): WeChatApiStandIn {
  if (!standIn) throw new Error('open a page (openPage) before its merchant server');
  return standIn;
}

// One happy-dom document serves every test in a file, but each test is a new page load.
// weixin-js-sdk instances from earlier tests still wait on WeixinJSBridgeReady with their
// own wx.config; removing those listeners keeps one test's SDK off the next one's bridge.
const bridgeReadyListeners: EventListenerOrEventListenerObject[] = [];
const addEventListener = document.addEventListener.bind(document);
document.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
  if (type === 'WeixinJSBridgeReady') bridgeReadyListeners.push(listener);
  addEventListener(type, listener, options);
}) as typeof document.addEventListener;

function forgetEarlierPages(): void {
  for (const listener of bridgeReadyListeners.splice(0)) document.removeEventListener('WeixinJSBridgeReady', listener);
}

/** Opens `path` as a fresh page: new module instances, the simulator (unless `simulator: false`). */
export async function openPage(path: string, simulator: Partial<SimulatorOptions> | false = {}): Promise<Page> {
  installed?.uninstall();
  installed = undefined;
  forgetEarlierPages();
  history.replaceState(null, '', path);
  vi.resetModules();
  // The same WeChat for every page of a test (a page loaded again still meets its tickets); closePage forgets it.
  const wechat = (standIn ??= createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET }));
  if (simulator !== false) {
    const tickets = async () => {
      const current = wechat.currentTickets();
      return { jsapiTicket: current.jsapi, cardApiTicket: current.wx_card };
    };
    installed = installWeChatSimulator({ appId: APP_ID, tickets, ui: false, ...simulator });
  }
  const lib = await import('../../src/index');
  return { lib, sim: installed, standIn: wechat };
}

export interface TestBridge {
  invoke(name: string, args: Record<string, unknown>, callback: (reply: Record<string, unknown>) => void): void;
}

/** The simulated WeixinJSBridge, once injected (a tick after install), for a test to wrap its invoke. */
export async function simulatedBridge(): Promise<TestBridge> {
  const read = () => (window as unknown as { WeixinJSBridge?: TestBridge }).WeixinJSBridge;
  return vi.waitFor(() => {
    const bridge = read();
    if (!bridge) throw new Error('no WeixinJSBridge yet');
    return bridge;
  });
}

/** Sets the user agent of a page that has no simulator (outside WeChat, desktop…). */
export function setUserAgent(userAgent: string): void {
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(userAgent);
}

export function closePage(): void {
  installed?.uninstall();
  installed = undefined;
  standIn = undefined;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  document.body.replaceChildren();
}
