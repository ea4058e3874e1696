import { installWeChatSimulator, type Tickets } from './installWeChatSimulator';

/**
 * The simulator's script tag installs itself from its data attributes, before the page's
 * wx-coupon script runs: `<script src="wx-coupon.simulator.iife.js" data-app-id="wx…"
 * data-tickets-url="/__wx-sim/tickets" data-user-agent="…"></script>`; `data-stand-in-url="/__wx-api"`
 * (and `data-openid`) send adds to the WeChat API stand-in. A page opened with
 * `?sim=off` is left alone. For demos and desktop development only.
 */
export function autoInstall(script: HTMLScriptElement): boolean {
  const { appId, ticketsUrl, userAgent, standInUrl, openid } = script.dataset;
  if (!appId || !ticketsUrl || /[?&]sim=off\b/.test(location.search)) return false;
  const url = new URL(ticketsUrl, location.href).href;
  installWeChatSimulator({
    appId,
    userAgent: userAgent || (/micromessenger/i.test(navigator.userAgent) ? navigator.userAgent : undefined),
    ...(standInUrl ? { standInUrl: new URL(standInUrl, location.href).href.replace(/\/+$/, '') } : {}),
    ...(openid ? { openid } : {}),
    tickets: async (): Promise<Tickets> => {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`tickets from ${url}: HTTP ${response.status}`);
      return response.json() as Promise<Tickets>;
    },
  });
  return true;
}
