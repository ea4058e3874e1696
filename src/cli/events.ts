// `npx wx-coupon events`: a local receiver for WeChat's card event pushes that prints each event
// as it arrives, for trying the server URL out (through a tunnel) or watching the stand-in push.
// The command's options are parsed by the CLI; this is the command itself.
import { createServer } from 'node:http';
import { createCardEventHandler } from '../server/events/handler';
import type { CardEvent } from '../server/events/cardEvent';
import type { TokenStore } from '../server/cache/TokenStore';
import { toNodeListener } from '../server/node';

export interface EventsCommandOptions {
  /** 0: any free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Only this path is answered, e.g. '/api/wx/events'; default every path. */
  path?: string;
  token: string;
  appId: string;
  encodingAESKey?: string;
  /** One JSON object per line instead of one readable line per event. */
  json?: boolean;
  store?: TokenStore;
  /** The language of what it says on stderr; default zh-CN. */
  lang?: 'zh-CN' | 'en';
}

export interface EventsCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface RunningEventsCommand {
  /** e.g. http://127.0.0.1:8787/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MESSAGES = {
  'zh-CN': {
    listening: (appId: string, mode: string, url: string) => `正在接收 ${appId} 的微信推送（${mode}）：${url}\n在公众平台把它（经内网穿透）设为服务器地址，Token 保持一致。Ctrl-C 停止。\n`,
    plain: '明文模式',
    encrypted: '兼容/安全模式',
    refused: (status: unknown, reason: unknown) => `已拒绝一次推送：${status} ${reason}\n`,
    failed: '处理推送时出错，见上文\n',
  },
  en: {
    listening: (appId: string, mode: string, url: string) => `Receiving WeChat pushes for ${appId} (${mode}) on ${url}\nSet it as the server URL (服务器地址), through a tunnel, with the same Token. Ctrl-C stops.\n`,
    plain: 'plain mode',
    encrypted: 'compatible/safe mode',
    refused: (status: unknown, reason: unknown) => `Refused a push: ${status} ${reason}\n`,
    failed: 'A push could not be handled (see above)\n',
  },
};

const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** `2026-12-03T06:15:10Z user_get_card cardId=p… userCardCode=… fromUserName=o… outerStr=…`. */
export function formatEventLine(event: CardEvent): string {
  const when = new Date(event.createTime * 1000).toISOString().replace(/\.000Z$/, 'Z');
  const fields = Object.entries(event)
    .filter(([name, value]) => !['event', 'createTime', 'toUserName', 'raw', 'unknown'].includes(name) && scalar(value))
    .map(([name, value]) => `${name}=${typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : String(value)}`);
  if (event.unknown) {
    for (const [name, value] of Object.entries(event.raw)) {
      if (!['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'].includes(name) && scalar(value)) fields.push(`${name}=${JSON.stringify(value)}`);
    }
  }
  return `${when} ${event.event}${event.unknown ? ' (unknown)' : ''} ${fields.join(' ')}`.trimEnd();
}

/** The event as one JSON line: the typed fields; `raw` only for events this version does not know. */
export function formatEventJson(event: CardEvent): string {
  if (event.unknown) return JSON.stringify(event);
  const { raw: _raw, ...typed } = event;
  return JSON.stringify(typed);
}

export async function runEventsCommand(options: EventsCommandOptions, io: EventsCommandIo): Promise<RunningEventsCommand> {
  const host = options.host ?? '127.0.0.1';
  const m = MESSAGES[options.lang ?? 'zh-CN'];
  const handler = createCardEventHandler({
    token: options.token,
    appId: options.appId,
    encodingAESKey: options.encodingAESKey,
    store: options.store,
    path: options.path,
    onEvent: (event) => {
      io.stdout.write(`${options.json ? formatEventJson(event) : formatEventLine(event)}\n`);
    },
    logger: {
      warn: (message, fields) => io.stderr.write(fields?.reason ? m.refused(fields.status, fields.reason) : `${message}\n`),
      error: (message) => io.stderr.write(`${message}\n${m.failed}`),
    },
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${options.path ?? '/'}`;
  io.stderr.write(m.listening(options.appId, options.encodingAESKey ? m.encrypted : m.plain, url));
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
