// The architecture, as rules `npm test` enforces (npm run lint:deps). The browser part is two
// halves split by how they load: src/page (the script tag and the main entry ship it) and
// src/engine (the lazy chunk, fetched only inside WeChat). They meet in one place: the page
// loads the engine (src/page/loadEngine.ts) and hands it one typed input (src/engine/input.ts).
// Both build on the shared leaves: src/env, src/redirect, src/errors, src/utils, src/contract.ts.
/** Everything a page can load: both halves, the shared leaves and the browser entries. */
const BROWSER_CODE = '^src/(page|engine|env|redirect|errors|utils)/|^src/(contract|index|iife[\\w-]*)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'page-loads-engine-only',
      comment: 'The page ships without the engine: it may name the engine\'s types, and load it only in src/page/loadEngine.ts.',
      severity: 'error',
      from: { path: '^src/page/' },
      to: { path: '^src/engine/', dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
    {
      name: 'engine-loaded-in-one-place',
      comment: 'One import() of the engine, in src/page/loadEngine.ts (the script tag loads a companion file there instead).',
      severity: 'error',
      from: { path: '^src/page/', pathNot: '^src/page/loadEngine\\.ts$' },
      to: { path: '^src/engine/', dependencyTypes: ['dynamic-import'] },
    },
    {
      name: 'engine-takes-page-through-its-input',
      comment: 'The engine gets the page\'s options, transport and location through EngineInput: it may name page types, never import page code.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/page/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-leaves-stay-leaves',
      comment: 'env, redirect, errors, utils and the contract serve the page, the engine and the server alike: they import none of them.',
      severity: 'error',
      from: { path: '^src/(env|redirect|errors|utils)/|^src/contract\\.ts$' },
      to: { path: '^src/(page|engine|server|cli|simulator)/' },
    },
    {
      name: 'browser-code-has-no-node',
      comment: 'Everything a page can load must import nothing of the server, the CLI or Node.',
      severity: 'error',
      from: { path: BROWSER_CODE },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'browser-code-has-no-node-builtins',
      severity: 'error',
      from: { path: BROWSER_CODE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-knows-no-page',
      comment: 'The server speaks the wire contract (src/contract.ts), not the page\'s modules.',
      severity: 'error',
      from: { path: '^src/(server|cli)/' },
      to: { path: '^src/(page|engine)/' },
    },
    {
      name: 'no-circular-browser-code',
      comment: 'Imports in the page and the engine run one way.',
      severity: 'error',
      from: { path: '^src/(page|engine)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/.*\\.d\\.ts$' },
  },
};
