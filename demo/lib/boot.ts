// Every demo page starts here: ask the dev server how it runs, install the simulator when
// it runs on the WeChat API stand-in (unless the page was opened with ?sim=off), then
// configure wx-coupon. The simulator must be installed before wx-coupon reads the user agent.
import { configure, markEnvironment, type EnvironmentMark } from '../../src';
import { installWeChatSimulator } from '../../src/simulator';
import type { DemoCoupon } from '../coupons';

export interface DemoConfig {
  appId: string;
  simulate: boolean;
  coupons: DemoCoupon[];
}

export interface Booted extends DemoConfig {
  mark: EnvironmentMark;
  simulated: boolean;
}

export async function boot(): Promise<Booted> {
  const config = (await (await fetch('/__wx-demo/config')).json()) as DemoConfig;
  const simulated = config.simulate && !/[?&]sim=off\b/.test(location.search);
  if (simulated) {
    installWeChatSimulator({
      appId: config.appId,
      // A browser already claiming to be WeChat (say, an old version) keeps its user agent.
      userAgent: /micromessenger/i.test(navigator.userAgent) ? navigator.userAgent : undefined,
      tickets: async () => (await fetch('/__wx-sim/tickets')).json(),
      catalog: Object.fromEntries(config.coupons.map((c) => [c.cardId, { title: c.title, subtitle: c.subtitle, color: c.color }])),
      // The WeChat API stand-in issues the codes and knows what the user holds (the demo server
      // gave the simulated user one coupon at start-up, for the "use a coupon" page).
      standInUrl: '/__wx-api',
    });
  }
  configure({
    appId: config.appId,
    signatureUrl: '/api/wx/signature',
    cardExtUrl: '/api/wx/card-ext',
    cardSignUrl: '/api/wx/card-sign',
  });
  const mark = markEnvironment();
  const badge = document.getElementById('env-badge');
  const labels: Record<EnvironmentMark, string> = { ready: '微信 WeChat', 'not-wechat': '非微信 · not WeChat', 'version-too-low': '微信版本过低', desktop: '电脑版微信', wecom: '企业微信' };
  if (badge) badge.textContent = simulated ? '模拟微信 · simulator' : labels[mark];
  return { ...config, mark, simulated };
}
