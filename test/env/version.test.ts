// isAtLeast is the page's version gate instead of semver.gte (3 KB gzip): held to semver here.
import fc from 'fast-check';
import semverGte from 'semver/functions/gte.js';
import { expect, it } from 'vitest';
import { isAtLeast } from '../../src/env/version';

const part = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 999_999_999 }));
const version = fc.tuple(part, part, part).map((parts) => parts.join('.'));

it('answers as semver.gte for every major.minor.patch', () => {
  fc.assert(fc.property(version, version, (a, b) => {
    expect(isAtLeast(a, b)).toBe(semverGte(a, b));
  }), { numRuns: 5_000 });
  for (const [a, b] of [['10.0.1', '6.0.2'], ['6.0.2', '6.0.2'], ['6.0.10', '6.0.2'], ['6.0.1', '6.0.2'], ['5.9.99', '6.0.2']]) {
    expect(isAtLeast(a as string, b as string)).toBe(semverGte(a as string, b as string));
  }
});
