// The merchant console's server half: WeChat's card event pushes received at /api/wx/events
// with createCardEventHandler (mounted as a merchant mounts it), a tally per outer_str (the scene
// value put into card_ext), and both sent live to the console page as server-sent events.
//
// In simulation, the WeChat API stand-in is WeChat: its card events go to `push` (pass it as the
// stand-in's onCardEvent), and a pusher signs, encrypts (safe mode) and posts them, its fetch
// calling the receiver in-process. With real credentials, WeChat pushes to /api/wx/events
// itself (through a tunnel) when WX_PUSH_TOKEN (and WX_ENCODING_AES_KEY for safe mode) are set.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CardEvent } from 'wx-coupon/server';
import type { StandInCardEvent } from 'wx-coupon/simulator/api';
import { loadServerPart, loadStandInPart } from './builtPackage.ts';

export const EVENTS_PATH = '/api/wx/events';
export const FEED_PATH = '/__wx-demo/events';
/** The stand-in's Token and EncodingAESKey: made up, like its AppSecret. */
export const SIMULATED_TOKEN = 'wxCouponDemoToken';
export const SIMULATED_AES_KEY = 'wxCouponDemoEncodingAESKey0123456789abcdefg';
const RECENT = 50;
/** The tally's row for events without a scene value. */
export const NO_SCENE = '';

export interface FeedItem {
  event: string;
  createTime: number;
  cardId?: string;
  /** The code, shortened: the console is a screen others may see. */
  code?: string;
  openid: string;
  /** The scene value the code was received with (for a redemption, looked up from its receipt). */
  outerStr: string;
  consumeSource?: string;
}

export interface TallyRow {
  outerStr: string;
  received: number;
  redeemed: number;
}

export type FeedMessage = { type: 'snapshot'; items: FeedItem[]; tally: TallyRow[]; receiving: boolean } | { type: 'event'; item: FeedItem; tally: TallyRow[] };

export interface EventFeed {
  /** The stand-in's onCardEvent sink (simulation only; a no-op with real credentials). */
  push(event: StandInCardEvent): void;
  /** Serves EVENTS_PATH and FEED_PATH; false for every other request. */
  handle(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): boolean;
  /** Resolves once the simulated pushes so far were delivered. */
  idle(): Promise<void>;
}

const masked = (code: string | undefined) => (code && code.length > 6 ? `${code.slice(0, 3)}…${code.slice(-3)}` : code);

export async function createEventFeed(options: { appId: string; simulate: boolean }): Promise<EventFeed> {
  const { createCardEventHandler, toNodeListener } = await loadServerPart();
  const { createCardEventPusher } = await loadStandInPart();
  const token = options.simulate ? SIMULATED_TOKEN : process.env.WX_PUSH_TOKEN;
  const encodingAESKey = options.simulate ? SIMULATED_AES_KEY : process.env.WX_ENCODING_AES_KEY || undefined;

  const items: FeedItem[] = [];
  const tally = new Map<string, TallyRow>();
  const sceneOfCode = new Map<string, string>();
  const clients = new Set<ServerResponse>();
  const rows = () => [...tally.values()].sort((a, b) => b.received - a.received || a.outerStr.localeCompare(b.outerStr));
  const row = (outerStr: string) => {
    let entry = tally.get(outerStr);
    if (!entry) tally.set(outerStr, (entry = { outerStr, received: 0, redeemed: 0 }));
    return entry;
  };
  const send = (res: ServerResponse, message: FeedMessage) => res.write(`data: ${JSON.stringify(message)}\n\n`);

  function record(event: CardEvent): void {
    if (event.unknown) return;
    const code = 'userCardCode' in event ? event.userCardCode : undefined;
    const cardId = 'cardId' in event ? event.cardId : undefined;
    const key = `${cardId}|${code}`;
    let outerStr = NO_SCENE;
    if (event.event === 'user_get_card') {
      outerStr = event.outerStr ?? NO_SCENE;
      sceneOfCode.set(key, outerStr);
      row(outerStr).received++;
    } else if (event.event === 'user_consume_card') {
      // Counted against the scene the code was received with: the poster or channel that brought it.
      outerStr = sceneOfCode.get(key) ?? event.outerStr ?? NO_SCENE;
      row(outerStr).redeemed++;
    } else if (code) {
      outerStr = sceneOfCode.get(key) ?? NO_SCENE;
    }
    const item: FeedItem = {
      event: event.event,
      createTime: event.createTime,
      cardId,
      code: masked(code),
      openid: event.fromUserName,
      outerStr,
      consumeSource: event.event === 'user_consume_card' ? event.consumeSource : undefined,
    };
    items.unshift(item);
    items.length = Math.min(items.length, RECENT);
    for (const client of clients) send(client, { type: 'event', item, tally: rows() });
  }

  const receiver =
    token === undefined
      ? undefined
      : createCardEventHandler({
          token,
          appId: options.appId,
          encodingAESKey,
          path: EVENTS_PATH,
          onEvent: record,
          logger: { warn: (message, fields) => console.warn(`[wx-coupon demo] ${message}`, fields?.reason ?? ''), error: (message) => console.error(`[wx-coupon demo] ${message}`) },
        });
  const listener = receiver && toNodeListener(receiver);
  // The stand-in's pushes go straight into the receiver: the pusher's Request in, the receiver's Response out.
  const pusher =
    options.simulate && receiver
      ? createCardEventPusher({
          url: `http://127.0.0.1${EVENTS_PATH}`,
          token: SIMULATED_TOKEN,
          appId: options.appId,
          encodingAESKey: SIMULATED_AES_KEY,
          mode: 'safe',
          fetch: (input: string, init?: RequestInit) => receiver(new Request(input, init)),
        })
      : undefined;

  function stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    send(res, { type: 'snapshot', items, tally: rows(), receiving: token !== undefined });
    clients.add(res);
    // A comment now and then keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      clients.delete(res);
    });
  }

  return {
    push: (event) => pusher?.push(event),
    handle(req, res, next) {
      const path = (req.url ?? '/').split('?')[0];
      if (path === FEED_PATH) {
        stream(req, res);
        return true;
      }
      if (path !== EVENTS_PATH) return false;
      if (!listener) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'not_configured', message: 'Set WX_PUSH_TOKEN (and WX_ENCODING_AES_KEY for safe mode) to receive WeChat pushes here.' }));
        return true;
      }
      void listener(req, res, next);
      return true;
    },
    idle: async () => pusher?.idle(),
  };
}
