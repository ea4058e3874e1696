// Bundles a snippet the way a merchant's app would (minified, tree-shaken, for the browser)
// and measures gzip -9. Shared by `npm run size` (the CI budgets) and `npm run bench` (bytes).
// Four bundlers: Vite (rolldown), esbuild, Rollup (with node-resolve and commonjs, as any Rollup
// app that takes packages from npm) and webpack 5, each with its production defaults. `wx-coupon` resolves as a merchant's install does: through package.json
// ("exports", "sideEffects": false) to dist/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const root = resolve(import.meta.dirname, '../..');
export const BUNDLERS = ['vite', 'esbuild', 'rollup', 'webpack'];

/** gzip -9 length in bytes. */
export const gzipSize = (code) => gzipSync(code, { level: 9 }).length;
export const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

const DEFINE = { __WX_COUPON_SCRIPT_TAG__: 'true' };

/** Chunks as { code, dynamic }: `dynamic` ones are what the page fetches through import() later. */
const builders = {
  async vite(entry, { format, external, define }) {
    const { build } = await import('vite');
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root,
      define,
      build: {
        write: false,
        minify: true,
        target: 'es2017',
        rolldownOptions: { input: entry, external, output: { format }, preserveEntrySignatures: false },
      },
    });
    return (Array.isArray(out) ? out[0] : out).output.filter((o) => o.type === 'chunk').map((c) => ({ code: c.code, dynamic: c.isDynamicEntry }));
  },
  async esbuild(entry, { format, external, define }, dir) {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      splitting: false, // esbuild's default: import() targets are bundled into the one file
      format: format === 'es' ? 'esm' : format,
      platform: 'browser',
      target: 'es2017',
      external: external.filter((e) => typeof e === 'string'),
      define,
      outdir: join(dir, 'out'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Only what the entry reaches counts: esbuild also writes chunks for import()s that tree
    // shaking removed, which no page ever fetches.
    const outputs = result.metafile.outputs;
    const files = new Map(result.outputFiles.map((f) => [f.path, f.text]));
    const chunks = [];
    const seen = new Set();
    const visit = (path, dynamic) => {
      if (seen.has(path) || !path.endsWith('.js')) return;
      seen.add(path);
      chunks.push({ code: files.get(resolve(path)) ?? '', dynamic });
      for (const i of outputs[path].imports) if (i.kind === 'import-statement' || i.kind === 'dynamic-import') visit(i.path, dynamic || i.kind === 'dynamic-import');
    };
    // (esbuild names every import() target an entry point too: start from the snippet's.)
    for (const [path, o] of Object.entries(outputs)) if (o.entryPoint && resolve(o.entryPoint) === entry) visit(path, false);
    return chunks;
  },
  async rollup(entry, { format, external, define }) {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const { default: commonjs } = await import('@rollup/plugin-commonjs');
    const esbuild = await import('esbuild');
    const replace = {
      name: 'define',
      transform: (code) => Object.entries(define).reduce((text, [name, value]) => text.split(name).join(value), code),
    };
    const bundle = await rollup({ input: entry, external, plugins: [replace, nodeResolve({ browser: true }), commonjs()], logLevel: 'silent', onwarn: () => {} });
    const { output } = await bundle.generate({ format, inlineDynamicImports: format !== 'es' });
    await bundle.close();
    // Rollup shakes the tree; it does not minify. esbuild minifies each chunk as terser would.
    return Promise.all(
      output.filter((o) => o.type === 'chunk').map(async (c) => ({ code: (await esbuild.transform(c.code, { minify: true, target: 'es2017', format: format === 'es' ? 'esm' : undefined })).code, dynamic: c.isDynamicEntry })),
    );
  },
  async webpack(entry, { external, define }, dir) {
    const { default: webpack } = await import('webpack');
    const compiler = webpack({
      mode: 'production',
      entry,
      target: ['web', 'es2017'],
      context: dir,
      // webpack's usual output: classic scripts, import() chunks loaded by its JSONP runtime.
      output: { path: join(dir, 'out'), filename: '[name].js', chunkFilename: '[id].chunk.js', publicPath: '/' },
      externals: external.filter((e) => typeof e === 'string'),
      plugins: [new webpack.DefinePlugin(define)],
      performance: { hints: false },
      infrastructureLogging: { level: 'error' },
      stats: 'none',
    });
    const stats = await new Promise((done, fail) => compiler.run((error, result) => (error ? fail(error) : done(result))));
    await new Promise((done) => compiler.close(done));
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
    return [...stats.compilation.chunks]
      .flatMap((chunk) => [...chunk.files].map((file) => ({ file, dynamic: !chunk.canBeInitial() })))
      .filter(({ file }) => file.endsWith('.js'))
      .map(({ file, dynamic }) => ({ code: readFileSync(join(dir, 'out', file), 'utf8'), dynamic }));
  },
};

/**
 * Bundles `source` (an ES module) with `bundler` and returns its code: `initial` is what the
 * page loads up front, `lazy` what it fetches through dynamic import() later.
 */
export async function bundle(source, { bundler = 'vite', format = 'es', external = [], define = DEFINE } = {}) {
  // Inside the project, so that the snippet's bare imports resolve from its node_modules,
  // with `wx-coupon` installed beside it as a link to this package.
  const dir = mkdtempSync(join(root, 'node_modules', '.wx-coupon-bundle-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'wx-coupon'), 'dir');
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const chunks = await builders[bundler](entry, { format, external, define }, dir);
    const initial = chunks.filter((c) => !c.dynamic).map((c) => c.code).join('\n');
    const lazy = chunks.filter((c) => c.dynamic).map((c) => c.code).join('\n');
    return { code: chunks.map((c) => c.code).join('\n'), initial, lazy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
