import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { wxCouponDemo } from './demo/server/demoPlugin.ts';

// One config, these jobs:
// - `vite` (npm run demo): serves index.html and demo/ pages;
// - `vite build` (default mode): the ES module library build, dependencies external;
// - `vite build --mode iife`: the script-tag bundle `window.WxCoupon`;
// - `vite build --mode iife-engine` / `iife-qr`: its companions, loaded on demand: the engine
//   with weixin-js-sdk (inside WeChat only), the fallback's QR code (outside WeChat only);
// - `vite build --mode iife-simulator`: the simulator as a script tag, for demos.
// weixin-js-sdk is a UMD file that ends in `module.exports = …`. Bundled as CommonJS it brings
// rolldown's interop runtime (about 0.4 KB gzip) into the engine file; handed to the bundler
// as the ES module it amounts to, it brings nothing.
const weixinJsSdkAsEsm = {
  name: 'wx-coupon:weixin-js-sdk-as-esm',
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/]weixin-js-sdk[\\/]index\.js$/.test(id)) return undefined;
    return { code: `var module = { exports: {} };\n${code}\nexport default module.exports;\n`, map: null };
  },
};

// The script tag's engine file takes the modules it shares with the page from the page (the
// engine's input carries them, src/page/engineModules.ts), not as copies of its own: its
// imports of them are redirected to src/engine/fromPage.ts.
const SHARED_WITH_PAGE = /[\\/]src[\\/](errors[\\/]CouponError|utils[\\/]isRecord|utils[\\/]timeout)\.ts$/;
const engineTakesPageModules = {
  name: 'wx-coupon:engine-takes-page-modules',
  enforce: 'pre' as const,
  async resolveId(this: { resolve(source: string, importer?: string, options?: object): Promise<{ id: string } | null> }, source: string, importer: string | undefined) {
    if (!importer || !source.startsWith('.') || /[\\/]src[\\/](engine[\\/]fromPage|page[\\/]engineModules)\.ts$/.test(importer)) return null;
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    return resolved && SHARED_WITH_PAGE.test(resolved.id) ? resolve(import.meta.dirname, 'src/engine/fromPage.ts') : null;
  },
};

// The script-tag files, once more through terser (two compress passes, safe options only)
// after the bundler's own minifier: 0.2 KB gzip less for every page inside WeChat.
const terserAfterMinify = {
  name: 'wx-coupon:terser-after-minify',
  async generateBundle(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
    const { minify } = await import('terser');
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && chunk.code !== undefined) {
        chunk.code = (await minify(chunk.code, { ecma: 2017, compress: { passes: 2 }, mangle: true })).code ?? chunk.code;
      }
    }
  },
};

const scriptTag = (entry: string, name: string, fileName: string) => ({
  emptyOutDir: false,
  copyPublicDir: false,
  target: 'es2017',
  lib: { entry, name, formats: ['iife' as const], fileName: () => fileName },
  // A plain object for the global, without Vite's Symbol.toStringTag 'Module' mark.
  rolldownOptions: { output: { generatedCode: { symbols: false } } },
});

// The demo (`npm run demo`, and `vite build --mode demo` for the end-to-end tests): the
// pages, with wx-coupon/server mounted on the dev and preview servers.
const demoPages = {
  main: 'index.html',
  use: 'demo/use.html',
  redirect: 'demo/redirect.html',
  scriptTag: 'demo/script-tag.html',
  console: 'demo/console.html',
};

export default defineConfig(({ mode }) => ({
  // The script-tag bundle loads its engine from a companion file; module builds import() it.
  define: { __WX_COUPON_SCRIPT_TAG__: JSON.stringify(mode === 'iife') },
  plugins: [wxCouponDemo(), ...(mode.startsWith('iife') ? [weixinJsSdkAsEsm, terserAfterMinify] : []), ...(mode === 'iife-engine' ? [engineTakesPageModules] : [])],
  publicDir: 'demo/public',
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build:
    mode === 'demo'
      ? { outDir: 'dist-demo', target: 'es2022', rolldownOptions: { input: Object.fromEntries(Object.entries(demoPages).map(([name, page]) => [name, resolve(import.meta.dirname, page)])) } }
      : mode === 'iife'
      ? scriptTag('src/iife.ts', 'WxCoupon', 'wx-coupon.iife.js')
      : mode === 'iife-engine'
        ? scriptTag('src/iife-engine.ts', 'WxCouponEngine', 'wx-coupon.engine.iife.js')
        : mode === 'iife-qr'
          ? scriptTag('src/iife-qr.ts', 'WxCouponQr', 'wx-coupon.qr.iife.js')
          : mode === 'iife-simulator'
            ? scriptTag('src/iife-simulator.ts', 'WxCouponSimulator', 'wx-coupon.simulator.iife.js')
            : {
          target: 'es2020',
          copyPublicDir: false,
          minify: false,
          lib: {
            entry: {
              index: 'src/index.ts',
              redirect: 'src/redirect/index.ts',
              server: 'src/server/index.ts',
              simulator: 'src/simulator/index.ts',
              'simulator-api': 'src/simulator/api/index.ts',
              // The `wx-coupon` bin (package.json "bin"); Node only, imported by no other entry.
              cli: 'src/cli/index.ts',
            },
            formats: ['es'],
          },
          rolldownOptions: {
            external: (id: string) => id.startsWith('node:') || /^(semver|ua-parser-js|weixin-js-sdk|uqr|fast-xml-parser|commander)(\/|$)/.test(id),
            // One file per source module, so that any bundler (webpack and esbuild prune whole
            // files by "sideEffects": false) drops what a merchant's import does not reach,
            // import() calls included. The package's entry points keep their names.
            output: {
              preserveModules: true,
              preserveModulesRoot: 'src',
              entryFileNames: (chunk: { isEntry: boolean }) => (chunk.isEntry ? '[name].js' : 'lib/[name].js'),
              chunkFileNames: 'lib/[name].js',
            },
          },
        },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
    // weixin-js-sdk reads the user agent once and keeps its config state for good: run it
    // through Vitest's module graph so that vi.resetModules() gives each test page a fresh
    // copy (Node's own cache would hand every page in a file the same, used SDK).
    server: { deps: { inline: ['weixin-js-sdk'] } },
  },
}));
