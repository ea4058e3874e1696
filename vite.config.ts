import { defineConfig } from 'vite';

// One config, three jobs:
// - `vite` (npm run demo): serves index.html and demo/ pages;
// - `vite build` (default mode): the ES module library build, dependencies external;
// - `vite build --mode iife`: the self-contained script-tag bundle `window.WxCoupon`.
export default defineConfig(({ mode }) => ({
  build:
    mode === 'iife'
      ? {
          emptyOutDir: false,
          target: 'es2017',
          lib: {
            entry: 'src/iife.ts',
            name: 'WxCoupon',
            formats: ['iife'],
            fileName: () => 'wx-coupon.iife.js',
          },
        }
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
            external: (id: string) => id.startsWith('node:') || /^(semver|ua-parser-js|weixin-js-sdk)(\/|$)/.test(id),
            output: { chunkFileNames: 'chunks/[name].js' },
          },
        },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
  },
}));
