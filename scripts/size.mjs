// npm run size: gzip sizes of what merchants ship, against budgets. Exits 1 when over.
// Run after `npm run build` (the npm script does both).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, gzipSize as gz, kb, root } from './lib/bundle.mjs';

const results = [];
function check(name, bytes, budget) {
  results.push({ name, gzip: kb(bytes), budget: kb(budget), ok: bytes <= budget ? 'yes' : 'OVER' });
}

// 1. The script-tag bundle, as built. 21 KB since it carries shopper words for every error
// (userMessage, zh-CN and English), checks its data attributes with "did you mean", and writes
// unhandled errors to the console: +1.06 KB together, measured when they came in (19.60 → 20.66).
const iife = readFileSync(join(root, 'dist/wx-coupon.iife.js'));
check('dist/wx-coupon.iife.js', gz(iife), 21 * 1024);
// Its companion, the engine with weixin-js-sdk, fetched only inside WeChat.
check('dist/wx-coupon.engine.iife.js (inside WeChat only)', gz(readFileSync(join(root, 'dist/wx-coupon.engine.iife.js'))), 16 * 1024);
// And the fallback's QR code, fetched only by desktop and non-WeChat visitors shown the fallback.
check('dist/wx-coupon.qr.iife.js (fallback only)', gz(readFileSync(join(root, 'dist/wx-coupon.qr.iife.js'))), 8 * 1024);

// 2. A redirect page that imports only readCouponContext, from the main entry and from the subpath.
for (const spec of ['wx-coupon/index.js', 'wx-coupon/redirect.js']) {
  const { code } = await bundle(
    `import { readCouponContext } from '${spec}';\ndocument.title = JSON.stringify(readCouponContext());\n`,
  );
  check(`readCouponContext only (${spec.replace('/index.js', '').replace('.js', '')})`, gz(code), 1024);
}

console.table(results);

// What the script-tag bundle is made of: our code (dependencies left out) versus each
// dependency bundled alone. Gzip of parts does not add up exactly to gzip of the whole.
const deps = ['ua-parser-js', 'semver/functions/gte.js'];
const ours = await bundle(`import * as m from ${JSON.stringify(join(root, 'src/iife.ts'))}; window.m = m;\n`, { external: deps });
const parts = [{ part: 'wx-coupon (ours)', gzip: kb(gz(ours.code)) }];
for (const dep of deps) {
  if (!ours.code.includes(`from"${dep}"`) && !ours.code.includes(`import("${dep}")`)) continue;
  parts.push({ part: dep, gzip: kb(gz((await bundle(`import * as m from '${dep}'; window.m = m;\n`)).code)) });
}
console.table(parts);

if (results.some((r) => r.ok !== 'yes')) {
  console.error('Size budget exceeded.');
  process.exit(1);
}
