// The card event receiver through toNodeListener on a real node:http server: paths a URL parser
// resolves (dot segments, encoded dots) are refused on the raw path WeChat's request carried,
// so a guard mounted on the receiver's path cannot be walked around.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardEventHandler, toNodeListener, type CardEvent } from '../../../src/server';
import { rawRequest } from '../../helpers/rawRequest';
import { APP_ID, push, sha1Signature, TOKEN, userGetCardXml } from './pushes';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()))));
});

async function serve(path: string | undefined) {
  const events: CardEvent[] = [];
  const listener = toNodeListener(createCardEventHandler({ token: TOKEN, appId: APP_ID, path, onEvent: (event) => void events.push(event) }));
  const server = createServer((req, res) => void listener(req, res, () => res.writeHead(404).end('next middleware')));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { events, port: (server.address() as AddressInfo).port };
}

const raw = (port: number, method: 'GET' | 'POST', target: string, body = '') => rawRequest(port, method, target, body, 'text/xml');

/** A signed push's query and body, ready to be sent to any path. */
async function signedPush(cardId: string) {
  const request = push({ xml: userGetCardXml({ cardId }) });
  return { query: new URL(request.url).search, body: await request.text() };
}

function verification(echostr: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '2718281828';
  return `?${new URLSearchParams({ signature: sha1Signature(TOKEN, timestamp, nonce), timestamp, nonce, echostr })}`;
}

const AMBIGUOUS = ['/api/wx/x/../events', '/api/wx/x/%2e%2e/events', '/api/wx/x/%2E%2e/events', '/api/x/../wx/events', '/api/wx/./events', '/api/wx/%2e/events'];

describe.each([['/api/wx/events'], [undefined]])('createCardEventHandler through toNodeListener (path %s)', (path) => {
  let world: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    world = await serve(path);
  });

  it.each(AMBIGUOUS)('%s: 400, onEvent never called, no echostr', async (target) => {
    const pushed = await signedPush(`pCard${AMBIGUOUS.indexOf(target)}`);
    const answer = await raw(world.port, 'POST', `${target}${pushed.query}`, pushed.body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'bad_request', message: expect.stringContaining('path') });
    const verified = await raw(world.port, 'GET', `${target}${verification('echoFromWeChat42')}`);
    expect(verified.status).toBe(400);
    expect(verified.text).not.toContain('echoFromWeChat42');
    expect(world.events).toEqual([]);
  });

  it('still verifies the URL and receives pushes on the path as configured', async () => {
    world.events.length = 0;
    const verified = await raw(world.port, 'GET', `/api/wx/events${verification('echoFromWeChat42')}`);
    expect(verified).toEqual({ status: 200, text: 'echoFromWeChat42' });
    const pushed = await signedPush('pPlainPath');
    expect(await raw(world.port, 'POST', `/api/wx/events${pushed.query}`, pushed.body)).toEqual({ status: 200, text: 'success' });
    expect(world.events.map((event) => event.raw.CardId)).toEqual(['pPlainPath']);
    // With a path, an odd path that is not the receiver's is the next middleware's business.
    if (path) expect(await raw(world.port, 'GET', '/static/../other')).toEqual({ status: 404, text: 'next middleware' });
  });
});
