// The --port of the commands that serve on 127.0.0.1 (stand-in, events): read once, and a port
// already taken turned into the same bad-input error.
import { CliInputError } from './errors/CliInputError';
import type { Messages } from './messages';

/** `value` as a port (0: any free one), `fallback` when not given; bad input otherwise. */
export function parsePort(value: string | undefined, fallback: number, m: Messages): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliInputError(m.errors.port(String(value)));
  return port;
}

/** Runs `listen`; a port in use is bad input that says to pick another. */
export async function listenOn<T>(port: number, m: Messages, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new CliInputError(m.errors.portInUse(port), [], { cause: error });
    throw error;
  }
}
