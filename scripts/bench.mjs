// npm run bench: one run, one report. Prints a summary table and the details, and writes both
// to BENCHMARKS.md with the machine, Node and Chromium versions and the date. Every figure comes
// from this run. Run by hand (it needs dist/, /usr/bin/chromium and redis-server) and commit the
// output; `npm run size` is the CI gate for bytes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { measureRoundTrips, measureTapLatency } from './bench/browser.mjs';
import { measureBytes } from './bench/bytes.mjs';
import { measureDetection } from './bench/detection.mjs';
import { kb, met, ms, perSecond, table } from './bench/report.mjs';
import { measureHandler, measureSignatures, measureUpstreamPerDay } from './bench/server.mjs';
import { root } from './lib/bundle.mjs';

const step = (name) => process.stderr.write(`bench: ${name}…\n`);

step('bytes');
const bytes = await measureBytes();
step('round trips in Chromium');
const trips = await measureRoundTrips();
step('tap-to-bridge latency in Chromium');
const tap = await measureTapLatency(50);
step('detection');
const detection = measureDetection();
step('signatures');
const signatures = await measureSignatures();
step('handler on loopback');
const handler = await measureHandler();
step('upstream fetches per simulated day');
const upstream = await measureUpstreamPerDay();

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`;

// ---- summary -------------------------------------------------------------------------------
const ours = (scenario) => trips.rows.find((r) => r.integration.startsWith('wx-coupon') && r.scenario.startsWith(scenario));
const hand = (scenario) => trips.rows.find((r) => r.integration.startsWith('hand') && r.scenario.startsWith(scenario));
const coldWorst = Math.max(ours('cold, tap as soon').waitsAfterTap, ours('cold, tap when').waitsAfterTap);
const scriptTag = bytes[0];
const detect = detection.rows[0];
const parser = detection.rows[1];
const total = ({ token, jsapiTicket, cardTicket }) => token + jsapiTicket + cardTicket;
const summary = [
  { claim: 'Script tag, gzip (outside WeChat / inside, with the engine)', ours: `${kb(scriptTag.initial)} / ${kb(scriptTag.initial + scriptTag.lazy)}`, them: `weixin-js-sdk alone ${kb(bytes.find((b) => b.what.startsWith('weixin-js-sdk')).initial)}`, target: '≤ 21 KB (npm run size)', met: met(scriptTag.initial <= 21 * 1024) },
  { claim: 'Round trips the first tap waits for, cold page (worst of: tap the moment it loads, tap when idle)', ours: coldWorst, them: Math.max(hand('cold, tap as soon').waitsAfterTap, hand('cold, tap when').waitsAfterTap), target: '≤ 1', met: met(coldWorst <= 1) },
  { claim: 'Round trips the tap waits for, warm page', ours: ours('warm').waitsAfterTap, them: hand('warm').waitsAfterTap, target: '0', met: met(ours('warm').waitsAfterTap === 0) },
  { claim: `Tap → bridge receives batchAddCard, median (p95) of ${tap.taps} taps`, ours: `${ms(tap.median)} (${ms(tap.p95)})`, them: `hand-written: ≥ 1 round trip (${ms(hand('warm').tapToSheetMs, 0)} at ${trips.latencyMs} ms RTT)`, target: '< 16 ms median', met: met(tap.median < 16) },
  { claim: `Detection, ${detection.calls.toLocaleString('en-US')} calls over ${detection.userAgents} real user agents`, ours: `${perSecond(detect.perSecond)} (${detect.usPerCall.toFixed(1)} µs/call)`, them: `UAParser getResult: ${perSecond(parser.perSecond)}`, target: '—', met: '—' },
  { claim: 'Upstream token + ticket fetches per day, 4 processes sharing Redis', ours: total(upstream[1]), them: `1 process: ${total(upstream[0])}; 4 unshared: ${total(upstream[2])}`, target: 'as 1 process (at most one extra fetch per process), not × 4', met: met(total(upstream[1]) <= total(upstream[0]) + 4) },
];

const sections = [
  `# wx-coupon benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} at commit \`${commit}\`: ${machine}; Node ${process.version}; Chromium ${trips.chromium}. Every figure below comes from that one run; timings move ±30 % between runs on a shared 2-core machine, byte counts and round trips do not.`,
  '## Summary',
  table([['Claim', (r) => r.claim], ['wx-coupon', (r) => r.ours], ['Others / baseline', (r) => r.them], ['Target', (r) => r.target], ['', (r) => r.met]], summary),
  '## 1. Bytes (Vite/rolldown, minified, tree-shaken, gzip -9)',
  '"Lazy" is what the page fetches later: for wx-coupon the engine (inside WeChat only); for wechat-jssdk the jweixin it loads from res.wx.qq.com.',
  table(
    [['What', (r) => r.what], ['Up front', (r) => kb(r.initial), 'right'], ['Lazy', (r) => kb(r.lazy), 'right'], ['Does', (r) => r.does], ["Doesn't", (r) => r.doesNot]],
    bytes,
  ),
  `## 2. Network round trips before WeChat's add sheet opens`,
  `Real Chromium, our simulator as the WeChat client, every response from the test site delayed ${trips.latencyMs} ms (a mobile round trip). "Waits" counts round trips one after another (the longest chain of requests each sent after the previous one answered; requests in flight together count once); "after the tap" is what the user waits for. The hand-written page is the usual integration: load jweixin → fetch the signature → wx.config; on tap fetch card_ext (meanwhile waiting for wx.ready) → wx.addCard. In WeChat, wx.config's preVerifyJSAPI is one more trip to WeChat's servers on a fresh page for both integrations alike; the simulator answers it locally.`,
  table(
    [['Integration', (r) => r.integration], ['Visit', (r) => r.scenario], ['Requests before the sheet', (r) => r.requests, 'right'], ['of them API', (r) => r.api, 'right'], ['Waits from navigation', (r) => r.waitsFromNavigation, 'right'], ['Waits after the tap', (r) => r.waitsAfterTap, 'right'], ['Waited on after the tap', (r) => r.waitedOn], ['Tap → sheet', (r) => ms(r.tapToSheetMs, 0), 'right']],
    trips.rows,
  ),
  `Tapped the moment the page has loaded, both integrations wait one round trip; the sheet opens ${ms(ours('cold, tap as soon').tapToSheetMs, 0)} after the tap with wx-coupon and ${ms(hand('cold, tap as soon').tapToSheetMs, 0)} with the hand-written page, whose SDK was already parsed in the page's head: wx-coupon's engine (weixin-js-sdk inside it) arrives in that round trip and starts then, the price of visitors outside WeChat never downloading it. Once the page has settled, wx-coupon's tap waits for nothing, while the hand-written one fetches card_ext on every tap.`,
  '## 3. Tap-to-bridge latency',
  `The script tag's button on a configured page, card_ext prefetched (the button prefetches the next one after each add; the bench waits for it): from the click event's timeStamp to the simulated bridge receiving batchAddCard, ${tap.taps} taps by Playwright in Chromium. Median ${ms(tap.median, 2)}, p95 ${ms(tap.p95, 2)}, max ${ms(tap.max, 2)}; ${tap.cardExtRequests} card_ext requests for ${tap.taps + 1} taps (each card_ext serves one add; one is left prefetched).`,
  '## 4. Detection throughput',
  table(
    [['Call', (r) => r.what], [`${detection.calls.toLocaleString('en-US')} calls`, (r) => ms(r.ms), 'right'], ['Calls per second', (r) => perSecond(r.perSecond), 'right'], ['Per call', (r) => `${r.usPerCall.toFixed(2)} µs`, 'right']],
    detection.rows,
  ),
  '`detectWeChat` reads the MicroMessenger token itself and asks ua-parser-js only for the OS, so it is cheaper than a full parse.',
  '## 5. Server',
  'Signatures per second (one process, Web Crypto SHA-1, 64 in flight):',
  table([['Function', (r) => r.what], ['Signatures per second', (r) => perSecond(r.perSecond), 'right']], signatures),
  `Handler requests per second: \`toNodeListener\` on node:http at 127.0.0.1, a bounded load from a second process (${handler.load.concurrency} keep-alive requests in flight for ${handler.load.ms / 1000} s); in-process: the Fetch handler called directly (what an edge runtime runs). Upstream calls meanwhile: ${handler.upstreamCalls} (token and tickets once, one card/code/decrypt per decrypt request).`,
  table([['Route', (r) => r.what], ['Loopback', (r) => perSecond(r.loopback), 'right'], ['In-process', (r) => perSecond(r.inProcess), 'right']], handler.rows),
  'Upstream fetches in one simulated day (every process serves a page view each simulated minute: a signature, a card_ext, and a decrypt every tenth; refresh 5 min before the 7200 s expiry). 24 h of 7200 s values refreshed 5 min early is 12 or 13 fetches each, depending on phase; with 4 processes on Redis, about one run in eight shows one to three fetches more (not traced to its cause; background refreshes still in flight on Redis when the simulated clock jumps a minute are the suspect).',
  table(
    [['Processes', (r) => r.what], ['token', (r) => r.token, 'right'], ['jsapi ticket', (r) => r.jsapiTicket, 'right'], ['card ticket', (r) => r.cardTicket, 'right'], ['total', (r) => r.token + r.jsapiTicket + r.cardTicket, 'right'], ['decrypt (one per request)', (r) => r.decrypt, 'right']],
    upstream,
  ),
];
const markdown = `${sections.join('\n\n')}\n`;
writeFileSync(join(root, 'BENCHMARKS.md'), markdown);
console.log(markdown);
process.stderr.write('bench: written to BENCHMARKS.md\n');
