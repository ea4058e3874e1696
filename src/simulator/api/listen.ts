import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../../server/node';
import { createWeChatApiStandIn, type WeChatApiStandIn, type WeChatApiStandInOptions } from './standIn';

export interface RunningStandIn {
  /** e.g. `http://127.0.0.1:53117`: pass it as `apiBase` to createWeChatApi. */
  url: string;
  standIn: WeChatApiStandIn;
  close(): Promise<void>;
}

/** Serve the stand-in over HTTP on loopback; port 0 (the default) picks a free one. */
export async function startWeChatApiStandIn(options: WeChatApiStandInOptions & { port?: number } = {}): Promise<RunningStandIn> {
  const standIn = createWeChatApiStandIn(options);
  const server = createServer(toNodeListener(standIn.handle));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    standIn,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they idle out.
        server.closeAllConnections();
      }),
  };
}
