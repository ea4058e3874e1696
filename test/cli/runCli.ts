// The CLI as users meet it: `node dist/cli.js …` in a child process, with its own environment
// (no WX_* from the developer's shell), its exit code and what it wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WX_') && !['LANG', 'LC_ALL', 'LC_MESSAGES'].includes(key)));
  return { ...base, LANG: 'en_US.UTF-8', ...env };
}

export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: `npm test` builds first (npm run build).');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 12_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** `wx-coupon stand-in --port 0 --json` running in the background; stop() ends it with SIGTERM. */
export async function startStandInProcess(args: string[] = []): Promise<{ url: string; child: ChildProcess; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'stand-in', '--port', '0', '--json', ...args], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`stand-in did not start: ${stdout}`)), 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      try {
        const document = JSON.parse(stdout) as { url: string };
        clearTimeout(timer);
        resolvePromise(document.url);
      } catch {
        // not the whole document yet
      }
    });
    child.on('exit', (code) => reject(new Error(`stand-in exited ${code}`)));
  });
  const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
  return {
    url,
    child,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The one JSON document a --json run printed on stdout. */
export function documentOf(run: CliRun): Record<string, any> {
  return JSON.parse(run.stdout) as Record<string, any>;
}
