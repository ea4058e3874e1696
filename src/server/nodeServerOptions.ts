// Options for node:http's createServer that bound slow clients. Node's defaults let a client
// that sends its headers and then stalls the body hold a connection, and one handler call with
// it, for 300 s (requestTimeout), and its timeouts are only checked every 30 s
// (connectionsCheckingInterval). Only a type comes from node:http: this module still loads
// where there are no Node built-ins, like the rest of wx-coupon/server.
import type { ServerOptions } from 'node:http';

export interface NodeServerTimeouts {
  /** The whole request (headers and body) must arrive within this, else 408; default 10 000 ms. */
  requestTimeoutMs?: number;
  /** The headers must arrive within this, else 408; default 5000 ms, at most `requestTimeoutMs`. */
  headersTimeoutMs?: number;
}

function milliseconds(name: keyof NodeServerTimeouts, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`wx-coupon: nodeServerOptions' ${name} must be a finite number of milliseconds above 0 (got ${typeof value === 'number' ? value : `a ${typeof value}`}).`);
  }
  return value;
}

/**
 * `createServer(nodeServerOptions(), toNodeListener(handler))`: a client that has not sent its
 * whole request within `requestTimeoutMs` (its headers within `headersTimeoutMs`) gets 408 and
 * its connection closed, so the handler call waiting for its body ends with it. Node checks the
 * timeouts every quarter of the shorter one (at most every second), so a cut comes at most that
 * much late. Works for Express and Koa too: `createServer(nodeServerOptions(), app)`,
 * `createServer(nodeServerOptions(), app.callback())`.
 */
export function nodeServerOptions(timeouts: NodeServerTimeouts = {}): ServerOptions {
  const requestTimeout = milliseconds('requestTimeoutMs', timeouts.requestTimeoutMs, 10_000);
  const headersTimeout = milliseconds('headersTimeoutMs', timeouts.headersTimeoutMs, Math.min(5000, requestTimeout));
  if (headersTimeout > requestTimeout) {
    throw new TypeError(`wx-coupon: nodeServerOptions' headersTimeoutMs (${headersTimeout}) must not be above requestTimeoutMs (${requestTimeout}): the headers are part of the request.`);
  }
  return {
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.ceil(headersTimeout / 4))),
  };
}
