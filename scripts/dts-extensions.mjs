// Run by `npm run build` after `tsc -p tsconfig.build.json`: gives the relative imports of the
// emitted declarations (dist/types) the file extensions Node's ESM resolution needs.
//
// The sources import extensionless ('./env'), which bundler resolution accepts; tsc copies the
// specifiers into the .d.ts files as they are. A merchant's TypeScript project with
// `moduleResolution: "node16"` / `"nodenext"` (the usual setting for a Node server using
// wx-coupon/server) then finds the entry declarations but none of the files they import, and
// the types silently turn into `any` (attw: "Internal resolution error"). './env' becomes
// './env/index.js', './options' './options.js': right for every resolution mode.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const typesDir = join(root, 'dist/types');

// `from '…'`, `import('…')` and a bare `import '…'`, with a relative specifier.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*|\.\.?)\2/g;

function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* declarations(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}

if (!existsSync(typesDir)) {
  console.error('dts-extensions: dist/types is missing; run tsc -p tsconfig.build.json first.');
  process.exit(1);
}

const unresolved = [];
let rewritten = 0;
for (const file of declarations(typesDir)) {
  const source = readFileSync(file, 'utf8');
  const output = source.replace(SPECIFIER, (whole, lead, quote, specifier) => {
    if (/\.(?:m|c)?js$/.test(specifier)) return whole;
    const target = resolve(dirname(file), specifier);
    let withExtension;
    if (existsSync(`${target}.d.ts`)) withExtension = `${specifier}.js`;
    else if (existsSync(join(target, 'index.d.ts'))) withExtension = `${specifier.replace(/\/$/, '')}/index.js`;
    else {
      unresolved.push(`${relative(root, file)}: ${specifier}`);
      return whole;
    }
    rewritten++;
    return `${lead}${quote}${withExtension}${quote}`;
  });
  if (output !== source) writeFileSync(file, output);
}

if (unresolved.length > 0) {
  console.error(`dts-extensions: relative imports with no declaration file behind them:\n  ${unresolved.join('\n  ')}`);
  process.exit(1);
}
console.log(`dts-extensions: ${rewritten} relative imports in dist/types now carry their extension.`);
