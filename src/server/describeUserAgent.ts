// Server-side detection with a full parse: where ua-parser-js earns its 8.8 KB. The browser
// part reads only what it needs (src/env/os.ts follows ua-parser-js's OS rules); a server
// rendering the page or logging visits can afford the whole answer.
import UAParser from 'ua-parser-js';
import { detectWeChat, type WeChatEnvironment } from '../env/detect';

export interface UserAgentDescription extends WeChatEnvironment {
  /** ua-parser-js's full parse: browser, engine, OS with version, device. */
  platform: {
    browser: { name?: string; version?: string };
    engine: { name?: string; version?: string };
    os: { name?: string; version?: string };
    /** `type` is 'mobile', 'tablet', … and absent for desktops. */
    device: { type?: string; vendor?: string; model?: string };
  };
}

/**
 * The visitor of a request, from its `User-Agent`: detectWeChat's verdict (the same as the
 * page reaches) and ua-parser-js's full parse, e.g. to render the right fallback on the
 * server or to log which clients your coupon pages see.
 */
export function describeUserAgent(userAgent: string | null | undefined): UserAgentDescription {
  const ua = typeof userAgent === 'string' ? userAgent : '';
  // ua-parser-js 1.x would read navigator.userAgent for '' (on runtimes that have one).
  const parsed = ua === '' ? undefined : new UAParser(ua).getResult();
  const pick = <T extends object>(value: T | undefined, keys: Array<keyof T>) =>
    Object.fromEntries(keys.flatMap((key) => (value?.[key] === undefined ? [] : [[key, value[key]]])));
  return Object.assign(detectWeChat(ua), {
    platform: {
      browser: pick(parsed?.browser, ['name', 'version']),
      engine: pick(parsed?.engine, ['name', 'version']),
      os: pick(parsed?.os, ['name', 'version']),
      device: pick(parsed?.device, ['type', 'vendor', 'model']),
    },
  });
}
