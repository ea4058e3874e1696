// Bundles a snippet the way a merchant's app would (Vite/rolldown, minified, tree-shaken) and
// measures gzip -9. Shared by `npm run size` (the CI budgets) and `npm run bench` (bytes).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const root = resolve(import.meta.dirname, '../..');

/** gzip -9 length in bytes. */
export const gzipSize = (code) => gzipSync(code, { level: 9 }).length;
export const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/**
 * Bundles `source` (an ES module) and returns its chunks: `initial` is what the page loads up
 * front, `lazy` what it fetches through dynamic import() later. `wx-coupon` resolves to dist/.
 */
export async function bundle(source, { format = 'es', external = [], define = { __WX_COUPON_SCRIPT_TAG__: 'true' } } = {}) {
  // Inside the project, so that bare imports resolve from its node_modules.
  const dir = mkdtempSync(join(root, 'node_modules', '.wx-coupon-bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root,
      resolve: { alias: { 'wx-coupon': join(root, 'dist') } },
      define,
      build: {
        write: false,
        minify: true,
        target: 'es2017',
        rolldownOptions: { input: entry, external, output: { format }, preserveEntrySignatures: false },
      },
    });
    const chunks = (Array.isArray(out) ? out[0] : out).output.filter((o) => o.type === 'chunk');
    const initial = chunks.filter((c) => !c.isDynamicEntry).map((c) => c.code).join('\n');
    const lazy = chunks.filter((c) => c.isDynamicEntry).map((c) => c.code).join('\n');
    return { code: chunks.map((c) => c.code).join('\n'), initial, lazy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
