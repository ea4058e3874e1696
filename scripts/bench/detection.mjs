// detectWeChat over the real user agents of test/fixtures, against ua-parser-js's own full parse.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import UAParser from 'ua-parser-js';
import { detectWeChat } from '../../dist/index.js';
import { root } from '../lib/bundle.mjs';

const CALLS = 10_000;

function userAgents() {
  const file = join(root, 'test', 'fixtures', 'wechat-user-agents.tsv');
  if (!existsSync(file)) throw new Error(`detection bench needs ${file} (the user agents the tests use)`);
  const [, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  return lines.map((line) => line.split('\t')[3]).filter(Boolean);
}

/** Best of `rounds` timings of `CALLS` calls (the least disturbed by the rest of the machine). */
function time(fn, uas, rounds = 7) {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) sink += fn(uas[i % uas.length]) ? 1 : 0;
    best = Math.min(best, performance.now() - started);
  }
  if (sink < 0) console.log(sink); // keep the results alive
  return best;
}

/** Rows: { what, ms, perSecond, usPerCall }. */
export function measureDetection() {
  const uas = userAgents();
  const rows = [
    ['detectWeChat(ua)', (ua) => detectWeChat(ua)],
    ['new UAParser(ua).getResult()', (ua) => new UAParser(ua).getResult()],
  ].map(([what, fn]) => {
    time(fn, uas, 2); // warm-up: let the JIT settle
    const ms = time(fn, uas);
    return { what, ms, perSecond: (CALLS / ms) * 1000, usPerCall: (ms * 1000) / CALLS };
  });
  return { rows, userAgents: uas.length, calls: CALLS };
}
