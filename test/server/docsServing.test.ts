// Every server the docs show mounting a listener is created with nodeServerOptions(): a bare
// createServer() keeps Node's 300 s requestTimeout, which lets stalled clients hold handler
// calls (SECURITY.md, "Slow clients"). Merchants copy these lines as they are.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const files = ['README.md', ...readdirSync(resolve(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('the docs serve with nodeServerOptions()', () => {
  it.each(files)('%s: every createServer(…) call passes nodeServerOptions() first', (file) => {
    const text = readFileSync(resolve(root, file), 'utf8');
    const calls = [...text.matchAll(/createServer\(([^)]*\)?)/g)].map((match) => match[0]);
    for (const call of calls) expect(call, `${file}: ${call}`).toMatch(/^createServer\(nodeServerOptions\(/);
  });
});
