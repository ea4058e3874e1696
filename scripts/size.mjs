// npm run size: gzip sizes of what merchants ship, against budgets. Exits 1 when over.
// Run after `npm run build` (the npm script does both). CI runs it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLERS, bundle, gzipSize as gz, kb, root } from './lib/bundle.mjs';

const results = [];
function check(name, bytes, budget, budgetText = kb(budget)) {
  results.push({ name, gzip: kb(bytes), budget: budgetText, ok: bytes <= budget ? 'yes' : 'OVER' });
}
const dist = (file) => gz(readFileSync(join(root, 'dist', file)));

// 1. The script-tag bundle, as built, and its companions.
const scriptTag = dist('wx-coupon.iife.js');
const engine = dist('wx-coupon.engine.iife.js');
check('dist/wx-coupon.iife.js', scriptTag, 12 * 1024);
check('dist/wx-coupon.engine.iife.js (inside WeChat only)', engine, 10 * 1024);
check('dist/wx-coupon.qr.iife.js (fallback only)', dist('wx-coupon.qr.iife.js'), 8 * 1024);
// Inside WeChat a page pays for both; Tencent's whole @wecom/jssdk is the yardstick, built here.
const wecom = gz((await bundle(`import * as ww from '@wecom/jssdk';\nwindow.ww = ww;\n`)).code);
// Everything a page inside WeChat downloads from us stays at most all of @wecom/jssdk
// (issue 15): measured against it in this run, so a change to either side is seen here.
check('inside WeChat: script tag + engine, at most all of @wecom/jssdk', scriptTag + engine, wecom);
console.log(`inside WeChat: ${kb(scriptTag + engine)} against ${kb(wecom)} for all of @wecom/jssdk (${scriptTag + engine - wecom} bytes apart)`);

// 2. Every bundler shakes the tree: one import costs what it uses. "Alone" is the same
// function bundled from its own module file, without the package around it.
const SNIPPETS = [
  { what: 'readCouponContext', spec: 'wx-coupon', source: (spec) => `import { readCouponContext } from '${spec}';\ndocument.title = JSON.stringify(readCouponContext());\n`, budget: 1024 },
  { what: 'readCouponContext', spec: 'wx-coupon/redirect', source: (spec) => `import { readCouponContext } from '${spec}';\ndocument.title = JSON.stringify(readCouponContext());\n`, budget: 1024 },
  { what: 'detectWeChat', spec: 'wx-coupon', alone: join(root, 'dist/lib/env/detect.js'), source: (spec) => `import { detectWeChat, isCardsAndOffersSupported } from '${spec}';\nwindow.env = [detectWeChat(), isCardsAndOffersSupported()];\n` },
];
/** What a bundler may add around a module on its own (esbuild's lazy-init wrapper: ~0.1 KB). */
const WRAPPER_SLACK = 160;
const matrix = [];
for (const snippet of SNIPPETS) {
  const row = { import: `${snippet.what} from '${snippet.spec}'` };
  for (const bundler of BUNDLERS) {
    const { initial } = await bundle(snippet.source(snippet.spec), { bundler });
    const bytes = gz(initial);
    if (snippet.alone) {
      const alone = gz((await bundle(snippet.source(snippet.alone), { bundler })).initial);
      check(`${snippet.what} from '${snippet.spec}' (${bundler})`, bytes, alone + WRAPPER_SLACK, `${kb(alone)} alone + ${WRAPPER_SLACK} B`);
      row[bundler] = `${kb(bytes)} (alone ${kb(alone)})`;
    } else {
      check(`${snippet.what} from '${snippet.spec}' (${bundler})`, bytes, snippet.budget);
      row[bundler] = kb(bytes);
    }
  }
  matrix.push(row);
}

console.table(results);
console.table(matrix);

if (results.some((r) => r.ok !== 'yes')) {
  console.error('Size budget exceeded.');
  process.exit(1);
}
