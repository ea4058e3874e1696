// toNodeListener on a real node:http server, the way node:http, Express and Koa mount it.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCouponHandler, nodeServerOptions, toNodeListener, type NodeListener } from '../../src/server';
import { APP_ID, setup, encryptedBy } from './fixtures';
import { rawRequest } from '../helpers/rawRequest';

const PAGE = 'https://m.example.com/coupon?id=1';
const servers: Server[] = [];

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

let listener: NodeListener;
let standIn: ReturnType<typeof setup>['standIn'];
beforeAll(() => {
  const world = setup();
  const { api } = world;
  standIn = world.standIn;
  listener = toNodeListener(createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'] }));
});

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('toNodeListener on node:http', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve((req, res) => void listener(req, res));
  });

  it('serves the routes with status, headers and body', async () => {
    const signature = await fetch(`${base}/api/wx/signature?url=${encodeURIComponent(PAGE)}`);
    expect(signature.status).toBe(200);
    expect(signature.headers.get('cache-control')).toBe('no-store');
    expect(await signature.json()).toMatchObject({ appId: APP_ID, signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const decrypted = await postJson(`${base}/api/wx/decrypt`, { encryptCode: encryptedBy(standIn, '31415') });
    expect(await decrypted.json()).toEqual({ code: '31415' });
  });

  it('answers outside the base path with a JSON 404 when there is no next middleware', async () => {
    const response = await fetch(`${base}/favicon.ico`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
    expect((await fetch(`${base}//evil.example/api/wx/signature?url=x`)).status).toBe(404);
  });

  it('stops reading an endless chunked body at the cap and still answers 413 on the connection', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/api/wx/card-ext`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
          req.destroy();
        });
      });
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (!req.destroyed && req.write(chunk));
        if (!req.destroyed) req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: 'payload_too_large' });
  });
});

describe('toNodeListener and bodies it cannot or should not finish reading', () => {
  /** A chunked POST (no content-length) of `chunks` KB, written in full. */
  function postChunked(url: string, chunks: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      for (let i = 0; i < chunks; i++) req.write(`"${'x'.repeat(1022)}"`);
      req.end();
    });
  }

  it('answers 413 to a finite chunked body over the cap without crashing on its late end, then serves the next request', async () => {
    // Before the fix, the 'end' that follows the handler's cancel closed an already closed
    // stream: ERR_INVALID_STATE thrown from an event emitter, i.e. a crashed server.
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      let ended: Promise<void> = Promise.resolve();
      const base = await serve((req, res) => {
        ended = new Promise((resolve) => req.once('end', () => resolve()));
        void listener(req, res);
      });
      const { status, body } = await postChunked(`${base}/api/wx/card-ext`, 8);
      expect(status).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ error: 'payload_too_large' });
      await ended; // the rest of the body was drained, and 'end' went by
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
      const next = await fetch(`${base}/api/wx/signature?url=${encodeURIComponent(PAGE)}`);
      expect(next.status).toBe(200);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('answers at once, with a clear error, when an earlier middleware read the body and kept nothing', async () => {
    // Before the fix the listener waited for an 'end' that had already gone by: forever.
    const base = await serve(async (req, res) => {
      for await (const _chunk of req); // e.g. a logging or raw-body middleware that kept nothing
      await listener(req, res);
    });
    const response = await postJson(`${base}/api/wx/decrypt`, { encryptCode: encryptedBy(standIn, '1') });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'body_already_read', message: expect.stringMatching(/earlier middleware.*req\.body/) });
  });

  it('settles the listener promise when the client goes away before the answer (no leaked Koa middleware)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const handlerCalled = new Promise<void>((resolve) => (arrived = resolve));
    const slow = toNodeListener(async () => {
      arrived();
      await gate;
      return new Response('too late');
    });
    let settled: Promise<void> = Promise.resolve();
    let closed: Promise<void> = Promise.resolve();
    const base = await serve((req, res) => {
      closed = new Promise((resolve) => res.once('close', () => resolve()));
      settled = slow(req, res);
    });
    const client = httpRequest(base);
    client.on('error', () => {}); // the abort below
    client.end();
    await handlerCalled;
    client.destroy();
    await closed; // the server saw the client go
    release();
    await expect(settled).resolves.toBeUndefined(); // before the fix: never settled
  });
});

describe('toNodeListener as Express middleware', () => {
  let base: string;
  const next = vi.fn();
  beforeAll(async () => {
    // What Express does for app.use('/api/wx', [express.json(),] middleware): strips the mount
    // point from req.url, keeps originalUrl, and may have parsed the body already.
    base = await serve(async (req, res) => {
      const original = req.url ?? '/';
      Object.assign(req, { originalUrl: original, url: original.replace(/^\/api\/wx/, '') || '/' });
      if (req.headers['x-parse'] === 'json') {
        let text = '';
        for await (const chunk of req) text += chunk;
        Object.assign(req, { body: JSON.parse(text) });
      }
      await listener(req, res, (error?: unknown) => {
        next(error);
        res.statusCode = 418;
        res.end('next middleware');
      });
    });
  });

  it('routes by originalUrl below the mount point', async () => {
    const response = await fetch(`${base}/api/wx/signature?url=${encodeURIComponent(PAGE)}`);
    expect(response.status).toBe(200);
  });

  it('passes requests outside the base path on to the next middleware, body unread', async () => {
    next.mockClear();
    const response = await fetch(`${base}/other/route`, { method: 'POST', body: 'keep me' });
    expect(response.status).toBe(418);
    expect(next).toHaveBeenCalledWith(undefined);
  });

  it('uses a body that express.json() parsed already', async () => {
    const response = await fetch(`${base}/api/wx/decrypt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parse': 'json' },
      body: JSON.stringify({ encryptCode: encryptedBy(standIn, '2718') }),
    });
    expect(await response.json()).toEqual({ code: '2718' });
  });
});

describe('toNodeListener details', () => {
  it('resolves once the response is written (Koa awaits it with ctx.respond = false), keeping every set-cookie', async () => {
    let written = false;
    const koaLike = toNodeListener(async () => {
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response('hello', { status: 201, headers });
    });
    const base = await serve(async (req, res) => {
      res.on('finish', () => (written = true));
      await koaLike(req, res);
      expect(written).toBe(true);
    });
    const response = await fetch(base);
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.text()).toBe('hello');
  });

  it('turns a throwing handler into a bare 500, or hands the error to next', async () => {
    const failing = toNodeListener(async () => {
      throw new Error('secret detail');
    });
    const bare = await serve((req, res) => void failing(req, res));
    const response = await fetch(bare);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');

    const next = vi.fn();
    const express = await serve(async (req, res) => {
      await failing(req, res, next);
      res.end();
    });
    await fetch(express);
    expect(next).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret detail' }));
  });
});

describe('toNodeListener and paths a URL parser resolves (guards mounted by path)', () => {
  let port: number;
  const served = vi.fn();
  beforeAll(async () => {
    const { api } = setup();
    const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], authorizeConsume: () => true });
    const guarded = toNodeListener(async (request) => {
      served(new URL(request.url).pathname);
      return handler(request);
    });
    // What Express does with app.use('/api/wx/decrypt', limiter) and app.use('/api/wx/consume',
    // staffOnly): match the raw path by prefix, segment-wise, case-insensitively.
    const base = await serve(async (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!.toLowerCase();
      if (/^\/api\/wx\/(decrypt|consume)(\/|$)/.test(path)) {
        res.statusCode = 429;
        return void res.end('guarded');
      }
      await guarded(req, res, () => {
        res.statusCode = 404;
        res.end('next middleware');
      });
    });
    port = Number(new URL(base).port);
  });

  const raw = (path: string, body = '{"encryptCode":"bm90IGEgY29kZQ=="}') => rawRequest(port, 'POST', path, body, 'application/json');

  it.each([
    '/api/wx/x/../decrypt',
    '/api/wx/x/%2e%2e/decrypt',
    '/api/wx/x/%2E%2e/decrypt',
    '/api/wx/x/.%2E/consume',
    '/api/wx/./decrypt',
    '/api/wx/%2e/decrypt',
    '/x/../api/wx/decrypt',
    '/api/wx//decrypt',
    '/api/wx/%2fdecrypt',
    '/api/wx\\decrypt',
    '/api/wx/%5cdecrypt',
    '/api/wx/x/../consume?code=1',
  ])('%s: 400, never served as a route', async (path) => {
    served.mockClear();
    const answer = await raw(path);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'bad_request', message: expect.stringContaining('path') });
    expect(served.mock.results.length).toBe(1); // reached the handler, which refused it
  });

  it('still serves the plain paths, and hands other odd paths to the next middleware', async () => {
    expect((await raw('/api/wx/decrypt')).status).toBe(429); // the guard holds
    expect((await raw('/api/wx/card-sign', '{}')).status).toBe(200);
    expect(await raw('/static/../other')).toMatchObject({ status: 404, text: 'next middleware' });
  });
});

describe('nodeServerOptions: slow clients are cut at the set time', () => {
  it('answers 408 to a stalled body within requestTimeoutMs (plus the check interval), and the handler call ends', async () => {
    const { api } = setup();
    const inner = toNodeListener(createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'] }));
    let inFlight = 0;
    const server = createServer(nodeServerOptions({ requestTimeoutMs: 800, headersTimeoutMs: 400 }), async (req, res) => {
      inFlight++;
      await inner(req, res).finally(() => inFlight--);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const started = performance.now();
    const answer = await new Promise<{ text: string; ms: number }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Headers in time, then a body that stalls after 10 of its 100 bytes.
        socket.write('POST /api/wx/card-ext HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"cardId":');
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve({ text, ms: performance.now() - started }));
      socket.on('error', reject);
    });
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    // 800 ms, checked every 100 ms: generous for a loaded machine, far below Node's 300 s.
    expect(answer.ms).toBeGreaterThanOrEqual(700);
    expect(answer.ms).toBeLessThan(800 + 2000);
    await vi.waitFor(() => expect(inFlight).toBe(0), { timeout: 2000 });
  });

  it('checks its options', () => {
    expect(nodeServerOptions()).toEqual({ requestTimeout: 10_000, headersTimeout: 5000, connectionsCheckingInterval: 1000 });
    expect(() => nodeServerOptions({ requestTimeoutMs: 1000, headersTimeoutMs: 2000 })).toThrow(/headersTimeoutMs/);
    expect(() => nodeServerOptions({ requestTimeoutMs: Number.NaN })).toThrow(/requestTimeoutMs/);
    expect(() => createServer(nodeServerOptions({ requestTimeoutMs: 3000 }))).not.toThrow();
  });
});
