// node scripts/size-by-module.mjs [mode…]: where the script-tag files' gzip bytes come from.
// Builds each IIFE (default: iife, iife-engine) as `npm run build` does, terser pass included,
// with a source map, and credits each source module with the gzip bytes the file loses
// without its characters. Not run in CI; for finding what to shrink when `npm run size` fails.
import { build, loadConfigFromFile } from 'vite';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping';
const root = new URL('..', import.meta.url).pathname;
const gz = (s) => gzipSync(s, { level: 9 }).length;
const modes = process.argv.slice(2).length ? process.argv.slice(2) : ['iife', 'iife-engine'];
for (const mode of modes) {
  const loaded = await loadConfigFromFile({ mode, command: 'build' }, root + '/vite.config.ts');
  const cfg = loaded.config;
  cfg.plugins = cfg.plugins.filter((p) => p.name !== 'wx-coupon:terser-after-minify' && !String(p.name).includes('demo'));
  cfg.build = { ...cfg.build, write: false, sourcemap: true };
  const out = await build({ ...cfg, root, mode, logLevel: 'silent', configFile: false });
  const chunk = (Array.isArray(out) ? out[0] : out).output.find((o) => o.type === 'chunk');
  // The same terser options as vite.config.ts's terserAfterMinify, with a source map kept.
  const r = await minify(chunk.code, { ecma: 2017, compress: { passes: 2 }, mangle: true, sourceMap: { content: JSON.stringify(chunk.map), asObject: true } });
  let code = r.code, map = r.map;
  const t = new TraceMap(map);
  // Which source module each output character comes from.
  const lines = code.split('\n');
  const owners = lines.map((l) => new Array(l.length).fill(null));
  const segs = [];
  eachMapping(t, (m) => segs.push(m));
  segs.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i], n = segs[i + 1];
    const line = s.generatedLine - 1;
    const end = n && n.generatedLine === s.generatedLine ? n.generatedColumn : lines[line].length;
    for (let c = s.generatedColumn; c < end; c++) owners[line][c] = s.source ?? null;
  }
  const total = gz(code);
  const bySrc = new Map();
  lines.forEach((l, li) => [...l].forEach((ch, ci) => { const o = owners[li][ci] ?? '(none)'; bySrc.set(o, (bySrc.get(o) ?? 0) + 1); }));
  const rows = [];
  for (const [src, raw] of bySrc) {
    const without = lines.map((l, li) => [...l].filter((_, ci) => (owners[li][ci] ?? '(none)') !== src).join('')).join('\n');
    rows.push({ src: src.replace(/^.*?(src\/|node_modules\/)/, '$1'), raw, gzipDelta: total - gz(without) });
  }
  rows.sort((a, b) => b.gzipDelta - a.gzipDelta);
  console.log(`\n== ${mode}: ${code.length} raw, ${total} gzip`);
  console.table(rows);
}
