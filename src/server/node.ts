// Fetch API handlers on node:http, Express and Koa. Only *types* come from node:http, so this
// module (and wx-coupon/server with it) still loads in runtimes without Node built-ins.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors/HttpError';
import { jsonResponse } from './http/json';
import { rememberRawTarget } from './http/rawPath';
import { isUnmatched } from './http/unmatched';

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * `(req, res, next?)`: a node:http request listener and an Express middleware. With `next`,
 * requests outside the handler's base path go on to the next middleware. Resolves once the
 * response is written or the client has gone, so Koa can `await` it (with `ctx.respond = false`).
 */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

/**
 * The request body as a web stream. Nothing is read from the socket until the handler reads
 * (a request passed on to the next middleware keeps its body), and the socket is paused
 * whenever the reader is behind.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  // Once the reader cancelled (an oversized body) or the stream closed or failed, node:http
  // still emits 'data' and 'end' for the rest of the body; touching the controller then throws
  // ERR_INVALID_STATE from inside an event emitter, which takes the whole process down.
  let done = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Uint8Array) => {
    if (done) return;
    controller.enqueue(new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const finish = (error?: unknown) => {
    if (done) return;
    done = true;
    detach();
    if (error === undefined) controller.close();
    else controller.error(error);
  };
  const onEnd = () => finish();
  const onError = (error: Error) => finish(error);
  // A client that goes away mid-body may leave us without 'end' or 'error'.
  const onClose = () => finish(new HttpError(400, 'bad_request', 'The client closed the connection before the whole body arrived.'));
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
  };
  let listening = false;
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (done) return;
        if (!listening) {
          listening = true;
          req.on('data', onData);
          req.on('end', onEnd);
          req.on('error', onError);
          req.on('close', onClose);
        }
        req.resume();
      },
      cancel() {
        // A reader that gave up (an oversized body): let the rest flow into the void so the
        // answer can still be written on this connection.
        done = true;
        detach();
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A body that cannot be read: the handler's read fails with this error (a 4xx/5xx answer) instead
 * of waiting for an 'end' that already happened or will never come. Lazy, so a request passed
 * on to the next middleware is not affected.
 */
function unreadableBody(error: HttpError): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(error) }, { highWaterMark: 0 });
}

function toRequest(req: IncomingMessage): Request {
  // Express rewrites req.url below a mount point; originalUrl is what the client asked for.
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Concatenated, not resolved against a base: a path like `//host/x` must stay a path.
  const url = new URL(`http://localhost${path.startsWith('/') ? path : `/${path}`}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const built = (init: RequestInit) => {
    const request = new Request(url, init);
    // The handler refuses a path the URL above resolved (dot segments): a guard mounted by
    // path in front of us matched the raw one.
    rememberRawTarget(request, path);
    return request;
  };
  if (method === 'GET' || method === 'HEAD') return built({ method, headers });

  // A body parser (express.json(), express.text()) that ran before us has already read the stream.
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  let body: BodyInit;
  if (req.readableEnded) {
    if (parsed !== undefined) {
      body = typeof parsed === 'string' ? parsed : parsed instanceof Uint8Array ? new Uint8Array(parsed) : JSON.stringify(parsed);
    } else {
      // Read by an earlier middleware that kept nothing: 'end' has been and gone.
      body = unreadableBody(
        new HttpError(
          500,
          'body_already_read',
          'An earlier middleware read the request body and left no req.body; mount toNodeListener before it, or set req.body to the parsed body.',
        ),
      );
    }
    headers.delete('content-length');
  } else if (req.destroyed) {
    body = unreadableBody(new HttpError(400, 'bad_request', 'The client closed the connection before the whole body arrived.'));
  } else {
    body = bodyStream(req);
  }
  return built({ method, headers, body, duplex: 'half' } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  const body = new Uint8Array(await response.arrayBuffer());
  // res.end's callback never fires once the client has gone; 'close' does (or already did).
  if (res.destroyed) return;
  await new Promise<void>((resolve) => {
    res.once('close', resolve);
    res.end(body, () => {
      res.off('close', resolve);
      resolve();
    });
  });
}

export function toNodeListener(handler: FetchHandler): NodeListener {
  return async (req, res, next) => {
    let request: Request;
    try {
      request = toRequest(req);
    } catch {
      return send(res, jsonResponse(400, { error: 'bad_request', message: 'The request line could not be parsed.' }));
    }
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      if (next) return next(error);
      response = jsonResponse(500, { error: 'internal_error', message: 'The handler failed; see the server log.' });
    }
    if (next && isUnmatched(response)) return next();
    await send(res, response);
  };
}
