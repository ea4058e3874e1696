// The public API report (api-report/*.api.md) is checked in: a change to what the package
// exports shows up in review as a diff of it. This fails while the report is out of date.
// It reads dist/types, which npm test builds first.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReports, staleReports } from '../scripts/api-report.mjs';

const root = resolve(import.meta.dirname, '..');

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newestSource(join(dir, entry.name)) : entry.name.endsWith('.ts') ? statSync(join(dir, entry.name)).mtimeMs : 0,
    ),
  );
}

describe('the public API report', () => {
  const reports = buildReports();

  it('reads declarations built from the current sources', () => {
    const built = statSync(join(root, 'dist/types/index.d.ts')).mtimeMs;
    expect(built, 'dist/types is older than src/: run npm run build (npm test does)').toBeGreaterThanOrEqual(newestSource(join(root, 'src')));
  });

  it('is up to date: run `npm run build && node scripts/api-report.mjs` and commit api-report/', () => {
    expect(staleReports(reports)).toEqual([]);
  });

  it('covers every entry point, with what each exports and no more', () => {
    expect([...reports.keys()].map((file) => file.slice(file.lastIndexOf('/') + 1)).sort()).toEqual(
      ['index.api.md', 'redirect.api.md', 'server.api.md', 'simulator-api.api.md', 'simulator.api.md'],
    );
    const server = reports.get(join(root, 'api-report/server.api.md'))!;
    expect(server).toContain('export declare function createCouponHandler(');
    expect(server).not.toContain('sha1Hex');
    const index = reports.get(join(root, 'api-report/index.api.md'))!;
    expect(index).toMatch(/declare global \{\s+interface HTMLElementEventMap extends CouponEventMap/);
    expect(index).toContain('export type CouponEndpointErrorCode =');
  });
});
