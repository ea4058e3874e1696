// A redis-server on a port of our choosing, so that a test can kill it and start another on the
// same port, as a restart in production looks to a client. test/helpers/redis.ts (shared with
// the bench) picks its own port; this uses the same binary and flags. No persistence: a
// restart loses every key, which is the harder case for the token cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { findRedisServer } from '../../scripts/redisServer.mjs';

export interface RedisOnPort {
  url: string;
  port: number;
  /** SIGKILL: gone at once, connections reset mid-command. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function startRedisOn(port: number): Promise<RedisOnPort> {
  const child = spawn(findRedisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`redis-server did not start on ${port} within 5 s:\n${output}`)), 5000);
    const onEarlyExit = (code: number | null) => fail(new Error(`redis-server exited with ${code}:\n${output}`));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        // Only our own listener: removeAllListeners('exit') here kept later 'exit' listeners from firing.
        child.off('exit', onEarlyExit);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', onEarlyExit);
  });
  return { url: `redis://127.0.0.1:${port}`, port, kill: () => ended(child, 'SIGKILL'), stop: () => ended(child, 'SIGTERM') };
}
