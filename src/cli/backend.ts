// Which WeChat the CLI talks to, decided once per run:
//   1. `--stand-in-url URL` (or WX_STAND_IN_URL): a running stand-in (`wx-coupon stand-in`,
//      or the demo's at http://localhost:5173/__wx-api), whose state outlives the command;
//   2. WX_APP_ID and WX_APP_SECRET: the real API, api.weixin.qq.com (or WX_API_BASE);
//   3. otherwise an embedded stand-in on 127.0.0.1 (a free port), started for this command and
//      stopped when it ends: fine for `hello` and for trying `create` or `logo`, but it forgets
//      everything at exit, which the CLI says on stderr.
import { createWeChatApi, type WeChatApi } from '../server/index';
import { startWeChatApiStandIn, type WeChatApiStandInOptions } from '../simulator/api/index';
import { CliInputError } from './errors/CliInputError';
import type { Messages } from './messages';
import { OFFLINE_APP, OFFLINE_USER } from './offlineApp';
import type { Output } from './output';

export type BackendMode = 'real' | 'stand-in' | 'embedded';

export interface Backend {
  mode: BackendMode;
  api: WeChatApi;
  /** Where the stand-in answers (stand-in and embedded modes): its /__sim/ routes are there too. */
  standInUrl?: string;
  close(): Promise<void>;
}

export interface BackendRequest {
  standInUrl?: string;
  env: NodeJS.ProcessEnv;
  output: Output;
  messages: Messages;
  /** How the embedded stand-in reviews cards; default: passed at once. */
  reviewDelayMs?: WeChatApiStandInOptions['reviewDelayMs'];
}

function urlOf(raw: string, complaint: (raw: string) => string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliInputError(complaint(raw));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliInputError(complaint(raw));
  return url.href.replace(/\/+$/, '');
}

export async function openBackend(request: BackendRequest): Promise<Backend> {
  const { env, output, messages } = request;
  const appSecretFromEnv = env.WX_APP_SECRET || undefined;
  output.secrets.add(appSecretFromEnv);
  const rawStandInUrl = request.standInUrl ?? (env.WX_STAND_IN_URL || undefined);

  if (rawStandInUrl !== undefined) {
    const standInUrl = urlOf(rawStandInUrl, messages.errors.standInUrl);
    const own = env.WX_APP_ID && appSecretFromEnv ? { appId: env.WX_APP_ID, appSecret: appSecretFromEnv } : OFFLINE_APP;
    return { mode: 'stand-in', standInUrl, api: createWeChatApi({ ...own, apiBase: standInUrl }), close: async () => {} };
  }

  if (env.WX_APP_ID && appSecretFromEnv) {
    // WX_API_BASE: one of WeChat's other API hosts (api2.weixin.qq.com, sh.api.weixin.qq.com…) or a gateway.
    const apiBase = env.WX_API_BASE ? urlOf(env.WX_API_BASE, messages.errors.apiBase) : undefined;
    return { mode: 'real', api: createWeChatApi({ appId: env.WX_APP_ID, appSecret: appSecretFromEnv, ...(apiBase ? { apiBase } : {}) }), close: async () => {} };
  }
  if (env.WX_APP_ID || appSecretFromEnv) output.note(messages.notes.halfCredentials);

  const running = await startWeChatApiStandIn({
    apps: [OFFLINE_APP],
    simulatedUser: OFFLINE_USER,
    reviewDelayMs: request.reviewDelayMs === undefined ? 0 : request.reviewDelayMs,
  });
  return {
    mode: 'embedded',
    standInUrl: running.url,
    api: createWeChatApi({ ...OFFLINE_APP, apiBase: running.url }),
    close: () => running.close(),
  };
}
