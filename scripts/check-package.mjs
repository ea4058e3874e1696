// npm run check:package — the package as it would be published, checked the way users meet it.
// Run after `npm run build` (`npm test` runs it, without the audit; .ci/run runs the audit).
//
//   1. npm pack: the tarball holds only what users need (built runtime files, declarations,
//      README, LICENSE, package.json), and everything package.json points at.
//   2. publint, strict (warnings fail too), on that tarball.
//   3. @arethetypeswrong/cli on that tarball, profile esm-only (see below).
//   4. npm audit --omit=dev: no high or critical advisory in the runtime dependencies. It needs
//      the registry's advisory endpoint; when that cannot answer, the check fails and says so.
//
// Options: --skip-audit (steps 1–3; what `npm test` runs: no network, same answer offline),
// --audit-only (step 4; what .ci/run adds after `npm test`), --audit-unavailable=warn (a
// registry that refuses audits is reported as NOT AUDITED instead of failing; findings still fail).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

class CheckFailed extends Error {}

function fail(step, message) {
  throw new CheckFailed(`✗ ${step}: ${message}`);
}

function pass(step, message, startedAt) {
  console.log(`✓ ${step}: ${message} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
}

function run(command, commandArgs, options = {}) {
  const shell = process.platform === 'win32' && command === 'npm.cmd';
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell, ...options });
  if (result.error) throw result.error;
  return result;
}

// On Windows npm is npm.cmd, which Node only spawns through a shell.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// ---------------------------------------------------------------------------------------------
// 1. npm pack

/** What may be published: built runtime files, their declarations, and the package's papers. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/[\w.-]+\.js$/, // entries and the script-tag bundles
  /^dist\/lib\/(?:[\w-]+\/)*[\w.-]+\.js$/, // the ES module build, one file per source module
  /^dist\/types\/(?:[\w-]+\/)*[\w.-]+\.d\.ts$/,
];
/** Files that must not ship, with the reason given when one does. */
const FORBIDDEN = [
  [/\.map$/, 'a source map (none is built; one would point at src/, which is not published)'],
  [/^dist\/types\/iife[\w-]*\.d\.ts$/, 'declarations of a script-tag entry, which no export maps (see "files")'],
  [/^dist-demo\//, 'the demo build'],
  [/^test-artifacts\//, 'test output'],
  [/^(?:src|test|demo|scripts|docs|node_modules)\//, 'sources, tests, demo or tooling'],
];
/** The script-tag bundle loads these from next to itself (README, "In a page (one script tag)"). */
const COMPANIONS = ['dist/wx-coupon.engine.iife.js', 'dist/wx-coupon.qr.iife.js'];

/** Every file path package.json points at. */
function pointedAt(pkg) {
  const paths = [];
  const walk = (value) => {
    if (typeof value === 'string') paths.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'exports']) walk(pkg[field]);
  return [...new Set(paths.map((path) => posix.normalize(path)))];
}

function checkPack() {
  const startedAt = performance.now();
  if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/types/index.d.ts'))) {
    fail('npm pack', 'dist/ is not built: run `npm run build` first.');
  }
  const destination = mkdtempSync(join(tmpdir(), 'wx-coupon-pack-'));
  const packed = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination]);
  if (packed.status !== 0) fail('npm pack', `exited ${packed.status}\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  const files = info.files.map((file) => file.path);

  const problems = [];
  for (const file of files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (forbidden) problems.push(`${file} is packed: ${forbidden[1]}`);
    else if (!ALLOWED.some((pattern) => pattern.test(file))) problems.push(`${file} is packed, and is not a runtime file, a declaration, README, LICENSE or package.json`);
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const file of [...pointedAt(pkg), 'README.md', 'LICENSE', ...COMPANIONS]) {
    if (!files.includes(file)) problems.push(`${file} is not packed (package.json, the README or the script-tag bundle needs it)`);
  }
  // Every relative import of a packed module must be packed too (a chunk left out by "files").
  // `from "…"`, `import("…")` and the side-effect `import "…"`, which minified code writes
  // without a space (`import"./chunks/x.js"`), as scripts/dts-extensions.mjs reads them.
  for (const file of files.filter((path) => path.endsWith('.js'))) {
    const code = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*(?:\(\s*)?)["'](\.\.?\/[^"']+)["']/g)) {
      const target = posix.join(posix.dirname(file), specifier);
      if (!files.includes(target)) problems.push(`${file} imports ${specifier}, which is not packed`);
    }
  }
  if (problems.length > 0) fail('npm pack', `the tarball is not what users need:\n  ${problems.join('\n  ')}`);
  pass('npm pack', `${files.length} files, ${(info.size / 1024).toFixed(1)} KB packed: dist/ runtime and declarations, README, LICENSE, package.json`, startedAt);
  return { tarball: join(destination, info.filename), destination };
}

// ---------------------------------------------------------------------------------------------
// 2. publint, strict: its warnings count as errors; suggestions are printed.

async function checkPublint(tarball) {
  const startedAt = performance.now();
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
    level: 'suggestion',
  });
  const lines = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`);
  const failing = messages.filter((message) => message.type !== 'suggestion');
  if (failing.length > 0) fail('publint', `${failing.length} error(s) (strict: warnings are errors):\n  ${lines.join('\n  ')}`);
  pass('publint', messages.length === 0 ? 'strict, no messages' : `strict, no errors; suggestions:\n  ${lines.join('\n  ')}`, startedAt);
}

// ---------------------------------------------------------------------------------------------
// 3. Are the types wrong?
//
// Profile esm-only: wx-coupon is "type": "module" and ships ES modules only (no "require"
// condition, no CommonJS build), for Node >= 20 and bundlers. Resolution by node10 (which knows
// no "exports") and require() from CommonJS are unsupported by design; esm-only ignores exactly
// those two. node16/nodenext from ESM and bundler resolution must be clean.
//
// "./iife" is left out: it is the script-tag bundle, a classic script that sets
// window.WxCoupon and exports nothing. It is exported so tools can resolve its path (e.g.
// `import url from 'wx-coupon/iife?url'` in Vite); no module types would be right for it.

function checkAttw(tarball) {
  const startedAt = performance.now();
  const require = createRequire(import.meta.url);
  const cliPackage = require.resolve('@arethetypeswrong/cli/package.json');
  const cli = join(dirname(cliPackage), JSON.parse(readFileSync(cliPackage, 'utf8')).bin.attw);
  const result = run(process.execPath, [cli, tarball, '--profile', 'esm-only', '--exclude-entrypoints', './iife', '--format', 'table-flipped', '--no-color', '--no-emoji']);
  if (result.status !== 0) fail('attw', `exited ${result.status}:\n${result.stdout}${result.stderr}`);
  pass('attw', 'profile esm-only: every entry point resolves to its types under node16 (ESM) and bundler', startedAt);
}

// ---------------------------------------------------------------------------------------------
// 4. npm audit of the runtime dependencies.

function checkAudit() {
  const startedAt = performance.now();
  // --offline=false: with offline set (npm_config_offline=true, or offline=true in an .npmrc)
  // npm audit asks no one and prints an all-zero report with exit code 0, which would pass
  // here without a single advisory having been looked at. On the command line it overrides both.
  const result = run(npm, ['audit', '--omit=dev', '--audit-level=high', '--json', '--offline=false']);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    // No report: the registry's advisory endpoint did not answer. That is not a pass; with
    // --audit-unavailable=warn (.ci/run on a machine whose registry mirror serves packages but
    // no advisories) it is reported as NOT AUDITED and the run goes on.
    const reason = report?.message ?? (result.stderr.trim().split('\n').find((line) => /error|ERR/i.test(line)) || `npm audit exited ${result.status} without a report`);
    const explain =
      `could not get advisories from the registry, so the runtime dependencies were NOT audited.\n` +
        `  ${reason}\n` +
        `  npm audit POSTs the dependency tree to <registry>/-/npm/v1/security/advisories/bulk; it needs a registry ` +
        `(here ${run(npm, ['config', 'get', 'registry']).stdout.trim()}) that answers that POST, not only package downloads.\n` +
        `  Where none can, \`node scripts/check-package.mjs --skip-audit\` checks the rest, knowingly without the audit.`;
    if (auditUnavailable !== 'warn') fail('npm audit', explain);
    console.warn(`!! npm audit: NOT AUDITED (--audit-unavailable=warn) — ${explain}`);
    return;
  }
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, vulnerability]) => vulnerability.severity === 'high' || vulnerability.severity === 'critical')
    .map(([name, vulnerability]) => `${name} (${vulnerability.severity}, ${vulnerability.range})`);
  if (counts.high > 0 || counts.critical > 0) {
    fail('npm audit', `${counts.critical} critical and ${counts.high} high advisories in runtime dependencies:\n  ${serious.join('\n  ')}\n  Run \`npm audit --omit=dev\` for details.`);
  }
  const below = ['moderate', 'low', 'info'].filter((level) => counts[level] > 0).map((level) => `${counts[level]} ${level}`);
  pass('npm audit', `--omit=dev: no high or critical advisories${below.length > 0 ? ` (${below.join(', ')}: see npm audit --omit=dev)` : ''}`, startedAt);
}

// ---------------------------------------------------------------------------------------------

const args = new Set(process.argv.slice(2));
/** What to do when the registry cannot audit: fail (default) or warn, loudly, and go on. */
const auditUnavailable = args.has('--audit-unavailable=warn') ? 'warn' : 'fail';
const unknown = [...args].filter((arg) => arg !== '--skip-audit' && arg !== '--audit-only' && arg !== '--audit-unavailable=warn');
if (unknown.length > 0) {
  console.error(`check-package: unknown option ${unknown.join(' ')} (use --skip-audit, --audit-only, --audit-unavailable=warn)`);
  process.exit(2);
}
const steps = args.has('--audit-only') ? ['audit'] : args.has('--skip-audit') ? ['pack', 'publint', 'attw'] : ['pack', 'publint', 'attw', 'audit'];

let packed;
try {
  if (steps.includes('pack')) packed = checkPack();
  if (steps.includes('publint')) await checkPublint(packed.tarball);
  if (steps.includes('attw')) checkAttw(packed.tarball);
  if (steps.includes('audit')) checkAudit();
} catch (error) {
  if (!(error instanceof CheckFailed)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  if (packed) rmSync(packed.destination, { recursive: true, force: true });
}
