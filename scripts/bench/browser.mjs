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

/** A fresh profile (empty cache and sessionStorage); WeChat's telemetry beacon is cut off (no internet here). */
async function newContext(browser) {
  const context = await browser.newContext();
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
  return {
    requests: network.length,
    api: network.filter((r) => r.name.startsWith('/api/')).length,
    waitsFromNavigation: sequentialWaits(network),
    waitsAfterTap: sequentialWaits(afterTap),
    waitedOn: [...new Set(afterTap.map((r) => r.name))].join(', ') || '—',
    tapToSheetMs: sheet - tap,
  };
}

async function settledCount(page, count) {
  await page.waitForFunction((n) => window.__bench.settled >= n, count, { timeout: 10_000 });
}

/**
 * Three visits per integration: a cold page tapped the moment it has loaded (DOMContentLoaded), a
 * cold page tapped once the network is idle, and that page reloaded (warm: HTTP cache,
 * sessionStorage, prefetches) and tapped once idle.
 */
export async function measureRoundTrips() {
  const site = await startBenchServer({ latencyMs: LATENCY_MS });
  const browser = await launch();
  const version = browser.version();
  const rows = [];
  try {
    for (const [integration, path] of [
      ['wx-coupon script tag', '/ours.html'],
      ['hand-written weixin-js-sdk', '/hand.html'],
    ]) {
      for (const scenario of ['cold, tap as soon as the page has loaded', 'cold, tap when idle', 'warm (reloaded), tap when idle']) {
        const context = await newContext(browser);
        const page = await context.newPage();
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
        rows.push({ integration, scenario, ...analyse(await readProbe(page), 0) });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return { rows, latencyMs: LATENCY_MS, chromium: version };
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
