// The demo's server half uses wx-coupon as a merchant would: the built package, through its
// exports map ('wx-coupon/server'), loaded when a dev or preview server starts.
//
// Resolved here at run time, not written as `import('wx-coupon/server')`: vite.config.ts
// imports the demo plugin, and Vite bundles the config (with this file) before every build,
// resolving each literal import it sees. On a fresh clone `npm run build` then looked for
// dist/server.js, the very thing it was about to build, and warned UNRESOLVED_IMPORT. The
// bundled config also runs from node_modules/.vite-temp, where Node does not resolve a package's
// own name, so the package is resolved from its package.json.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type ServerPart = typeof import('wx-coupon/server');
type StandInPart = typeof import('wx-coupon/simulator/api');

const root = resolve(import.meta.dirname, '../..');
const fromPackage = createRequire(resolve(root, 'package.json'));

async function load<T>(specifier: string, file: string): Promise<T> {
  if (!existsSync(resolve(root, 'dist', file))) {
    throw new Error(`The demo server needs the built library (${specifier} → dist/${file}): run \`npm run build\` first (npm run demo does).`);
  }
  return (await import(pathToFileURL(fromPackage.resolve(specifier)).href)) as T;
}

export const loadServerPart = (): Promise<ServerPart> => load<ServerPart>('wx-coupon/server', 'server.js');
export const loadStandInPart = (): Promise<StandInPart> => load<StandInPart>('wx-coupon/simulator/api', 'simulator-api.js');
