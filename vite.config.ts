import { defineConfig } from 'vite';

// One config, these jobs:
// - `vite` (npm run demo): serves index.html and demo/ pages;
// - `vite build` (default mode): the ES module library build, dependencies external;
// - `vite build --mode iife`: the script-tag bundle `window.WxCoupon`;
// - `vite build --mode iife-engine` / `iife-qr`: its companions, loaded on demand: the engine
//   with weixin-js-sdk (inside WeChat only), the fallback's QR code (outside WeChat only).
const scriptTag = (entry: string, name: string, fileName: string) => ({
  emptyOutDir: false,
  target: 'es2017',
  lib: { entry, name, formats: ['iife' as const], fileName: () => fileName },
});

export default defineConfig(({ mode }) => ({
  // The script-tag bundle loads its engine from a companion file; module builds import() it.
  define: { __WX_COUPON_SCRIPT_TAG__: JSON.stringify(mode === 'iife') },
  build:
    mode === 'iife'
      ? scriptTag('src/iife.ts', 'WxCoupon', 'wx-coupon.iife.js')
      : mode === 'iife-engine'
        ? scriptTag('src/iife-engine.ts', 'WxCouponEngine', 'wx-coupon.engine.iife.js')
        : mode === 'iife-qr'
          ? scriptTag('src/iife-qr.ts', 'WxCouponQr', 'wx-coupon.qr.iife.js')
          : {
          target: 'es2020',
          minify: false,
          lib: {
            entry: {
              index: 'src/index.ts',
              redirect: 'src/redirect/index.ts',
              server: 'src/server/index.ts',
              simulator: 'src/simulator/index.ts',
              'simulator-api': 'src/simulator/api/index.ts',
            },
            formats: ['es'],
          },
          rolldownOptions: {
            external: (id: string) => id.startsWith('node:') || /^(semver|ua-parser-js|weixin-js-sdk|uqr)(\/|$)/.test(id),
            output: { chunkFileNames: 'chunks/[name].js' },
          },
        },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
  },
}));
