import { installWeChatSimulator, type SimulatorOptions, type Tickets } from './installWeChatSimulator';

/**
 * The simulator's script tag installs itself from its data attributes, before the page's
 * wx-coupon script runs: `<script src="wx-coupon.simulator.iife.js" data-app-id="wx…"
 * data-tickets-url="/__wx-sim/tickets" data-user-agent="…"></script>`, and `data-catalog-url`:
 * JSON `{ [cardId]: { title, subtitle?, color? } }` for the sheet to show titles, not ids;
 * `data-stand-in-url="/__wx-api"` (and `data-openid`) send adds to the WeChat API stand-in, whose
 * cards' own look wins over the catalog. A page opened with `?sim=off` is left alone. For demos
 * and desktop development only.
 */
export function autoInstall(script: HTMLScriptElement): boolean {
  const { appId, ticketsUrl, userAgent, catalogUrl, standInUrl, openid } = script.dataset;
  if (!appId || !ticketsUrl || /[?&]sim=off\b/.test(location.search)) return false;
  const url = new URL(ticketsUrl, location.href).href;
  // The sheet reads the catalog when it opens: filled in as soon as data-catalog-url answers.
  const catalog: NonNullable<SimulatorOptions['catalog']> = {};
  if (catalogUrl) {
    fetch(new URL(catalogUrl, location.href).href, { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : {}))
      .then((cards: typeof catalog) => Object.assign(catalog, cards))
      .catch(() => undefined); // without it the sheet shows card ids, as before
  }
  installWeChatSimulator({
    appId,
    catalog,
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
