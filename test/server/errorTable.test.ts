// docs/server.md's error table is what merchants code their error handling against, and it says
// no other 5xx comes: every status and `error` code the server part can answer with must be in
// it. Read from the sources, so a new answer that is not documented fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** `status error` for every answer the sources build: HttpError, jsonResponse and the handler's badRequest. */
function answersInSources(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(root, 'src/server'))) {
    const code = readFileSync(file, 'utf8');
    for (const [, status, error] of code.matchAll(/\bHttpError\(\s*(\d{3}),\s*'([a-z_]+)'/g)) found.add(`${status} ${error}`);
    for (const [, status, error] of code.matchAll(/\bjsonResponse\(\s*(\d{3}),\s*\{\s*error:\s*'([a-z_]+)'/g)) found.add(`${status} ${error}`);
    for (const [, error] of code.matchAll(/\bbadRequest\([^;]*?'([a-z_]+)'\)/g)) found.add(`400 ${error}`);
  }
  return found;
}

/** `status error` for every row of the table under "Errors are `{ error, message }`". */
function answersInDocs(): Set<string> {
  const docs = readFileSync(join(root, 'docs/server.md'), 'utf8');
  const found = new Set<string>();
  for (const [, status, errors] of docs.matchAll(/^\| (\d{3}) \| ([^|]+) \|/gm)) {
    for (const [, error] of errors!.matchAll(/`([a-z_]+)`/g)) found.add(`${status} ${error}`);
  }
  return found;
}

describe('docs/server.md error table', () => {
  it('lists every status and error code the server part answers with', () => {
    const documented = answersInDocs();
    const answered = answersInSources();
    expect(answered.size).toBeGreaterThan(15); // the scan found the answers
    expect([...answered].filter((answer) => !documented.has(answer)).sort()).toEqual([]);
  });
});
