// Browser benchmarks in real Chromium (playwright-core, Debian's /usr/bin/chromium) against
// the simulator: network round trips before WeChat's add sheet opens, and tap-to-bridge time.
import { chromium } from 'playwright-core';
import { startBenchServer } from './benchServer.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** A mobile network's round trip, added by the bench server before every response. */
export const LATENCY_MS = 100;

async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What WeChat on Android sends: the server sees a WeChat client, as it would in WeChat. */
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F30) NetType/WIFI Language/zh_CN';

/** Cold taps at load per integration; the median is reported (the machine is shared and noisy). */
export const COLD_TAP_RUNS = 15;

/** A fresh profile (empty cache and sessionStorage); WeChat's telemetry beacon is cut off (no internet here). */
async function newContext(browser) {
  const context = await browser.newContext({ userAgent: WECHAT_UA });
  await context.route(/weixin\.qq\.com/, (route) => route.abort());
  return context;
}

/** The page's resource timings and probe, on its own performance.now() clock. */
function readProbe(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance
      .getEntriesByType('resource')
      // Our site's requests only: not WeChat's telemetry beacon (fire and forget, cross-origin), not the favicon.
      .filter((r) => new URL(r.name).origin === location.origin && !r.name.endsWith('/favicon.ico'))
      .map((r) => ({ name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, cached: r.transferSize === 0 && r.decodedBodySize > 0 }));
    return { nav: { name: 'document', start: 0, end: nav.responseEnd, cached: false }, resources, ...window.__bench };
  });
}

/**
 * Round trips one after another among `intervals`: the longest chain in which each request
 * starts after the previous one has answered. Requests in flight together count once; a
 * request sent only once another answered (the engine's own, say) counts again.
 */
function sequentialWaits(intervals) {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const depth = sorted.map(() => 1);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) if (sorted[j].end <= sorted[i].start) depth[i] = Math.max(depth[i], depth[j] + 1);
  }
  return Math.max(0, ...depth);
}

/** What the tap had to wait for: requests to our site between the tap and the sheet. */
function analyse(probe, tapIndex) {
  const tap = probe.taps[tapIndex];
  const sheet = probe.sheets.find((at) => at >= tap);
  if (tap === undefined || sheet === undefined) throw new Error(`the bench page opened no sheet after tap ${tapIndex + 1}`);
  const network = [probe.nav, ...probe.resources].filter((r) => !r.name.includes('simulator') && !r.cached && r.start < sheet);
  const afterTap = network.filter((r) => r.end > tap).map((r) => ({ ...r, start: Math.max(r.start, tap) }));
  const lastAnswer = Math.max(tap, ...afterTap.map((r) => r.end));
  return {
    requests: network.length,
    api: network.filter((r) => r.name.startsWith('/api/')).length,
    waitsFromNavigation: sequentialWaits(network),
    waitsAfterTap: sequentialWaits(afterTap),
    waitedOn: [...new Set(afterTap.map((r) => r.name))].join(', ') || '—',
    tapToSheetMs: sheet - tap,
    // Where the time after the tap went: waiting for answers still on their way, then the
    // page's own work (engine start, wx.config with WeChat's reply, the card call).
    networkAfterTapMs: lastAnswer - tap,
    afterLastAnswerMs: sheet - lastAnswer,
  };
}

async function settledCount(page, count) {
  await page.waitForFunction((n) => window.__bench.settled >= n, count, { timeout: 10_000 });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

export const INTEGRATIONS = [
  { key: 'wxCoupon', integration: 'wx-coupon script tag', path: '/ours.html' },
  { key: 'wxCouponEmbedded', integration: 'wx-coupon script tag, answers embedded by the server', path: '/ours-embedded.html' },
  { key: 'handWritten', integration: 'hand-written weixin-js-sdk', path: '/hand.html' },
];
export const COLD_AT_LOAD = 'cold, tap as soon as the page has loaded';

/**
 * Three visits per integration: a cold page tapped the moment it has loaded (DOMContentLoaded;
 * COLD_TAP_RUNS times, the integrations taking turns so that they share the machine's noise,
 * the median run reported), a cold page tapped once the network is idle, and that page
 * reloaded (warm: HTTP cache, sessionStorage, prefetches) and tapped once idle.
 */
export async function measureRoundTrips({ runs = COLD_TAP_RUNS } = {}) {
  const site = await startBenchServer({ latencyMs: LATENCY_MS });
  const browser = await launch();
  const version = browser.version();
  const rows = [];
  const integrations = INTEGRATIONS.filter((i) => i.path !== '/ours-embedded.html' || site.hasEmbeddedPage);
  const visit = async ({ path }, scenario) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      if (scenario.startsWith('warm')) {
        await page.goto(site.origin + path, { waitUntil: 'networkidle' });
        await page.click('#add');
        await settledCount(page, 1);
        await page.reload({ waitUntil: 'networkidle' });
        await page.click('#add');
      } else if (scenario.includes('idle')) {
        await page.goto(site.origin + path, { waitUntil: 'networkidle' });
        await page.click('#add');
      } else {
        await page.goto(`${site.origin}${path}?tap=load`); // the page taps itself at DOMContentLoaded
      }
      await settledCount(page, 1);
      return analyse(await readProbe(page), 0);
    } finally {
      await context.close();
    }
  };
  const coldTapAtLoadMs = {};
  try {
    const samples = new Map(integrations.map((i) => [i, []]));
    for (let run = 0; run < runs; run++) {
      for (const integration of integrations) samples.get(integration).push(await visit(integration, COLD_AT_LOAD));
    }
    for (const integration of integrations) {
      const taken = samples.get(integration);
      const mid = median(taken.map((s) => s.tapToSheetMs));
      coldTapAtLoadMs[integration.key] = { median: mid, min: Math.min(...taken.map((s) => s.tapToSheetMs)), max: Math.max(...taken.map((s) => s.tapToSheetMs)), runs: taken.length, samples: taken.map((s) => Math.round(s.tapToSheetMs * 10) / 10) };
      // The run whose tap → sheet is the median stands for the rest in the table.
      const standIn = taken.find((s) => s.tapToSheetMs === mid);
      coldTapAtLoadMs[integration.key].worstWaitsAfterTap = Math.max(...taken.map((s) => s.waitsAfterTap));
      rows.push({ integration: integration.integration, scenario: `${COLD_AT_LOAD} (median of ${taken.length})`, ...standIn });
      for (const scenario of ['cold, tap when idle', 'warm (reloaded), tap when idle']) {
        rows.push({ integration: integration.integration, scenario, ...(await visit(integration, scenario)) });
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return { rows, coldTapAtLoadMs, latencyMs: LATENCY_MS, chromium: version };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** 50 taps on a configured page, each with its card_ext prefetched: click event → bridge. */
export async function measureTapLatency(taps = 50) {
  const site = await startBenchServer({ latencyMs: 0 });
  const browser = await launch();
  try {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${site.origin}/ours.html`, { waitUntil: 'networkidle' });
    const cardExtFetched = () => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/wx/card-ext') && r.responseEnd > 0).length);
    // The first tap verifies the page (wx.config); the 50 measured taps come after it.
    await page.click('#add');
    await settledCount(page, 1);
    const samples = [];
    for (let i = 0; i < taps; i++) {
      // Wait until the card_ext for the next tap has arrived (the button prefetches it after each add).
      const want = i + 2;
      await page.waitForFunction(
        (n) => performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/wx/card-ext') && r.responseEnd > 0).length >= n,
        want,
        { timeout: 10_000 },
      );
      await page.click('#add');
      await settledCount(page, i + 2);
      const probe = await readProbe(page);
      const tap = probe.taps[i + 1];
      samples.push(probe.sheets.find((at) => at >= tap) - tap);
    }
    const fetched = await cardExtFetched();
    const sorted = [...samples].sort((a, b) => a - b);
    return { taps, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1], cardExtRequests: fetched };
  } finally {
    await browser.close();
    await site.close();
  }
}
