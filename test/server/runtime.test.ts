// wx-coupon/server must load on runtimes without Node built-ins (Workers, Deno, edge functions):
// nothing under src/server may import node:* at run time (type-only imports are erased).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../src/server');
const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));

describe('wx-coupon/server on non-Node runtimes', () => {
  it('imports nothing from node:* at run time', () => {
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => /\bfrom ['"]node:|import\(['"]node:|require\(['"]node:/.test(line) && !/^\s*import type\b/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
