// What the demo server prints when it starts: which WeChat it talks to, with which AppID,
// which card ids the pages offer and which page origins it signs, and what looks wrong. In
// real-credential mode every later failure is in this log too (demoLogger), so the first
// thing to read when a page says "see the server log" is here.
import type { Logger } from 'wx-coupon/server';

export interface DemoSetup {
  simulate: boolean;
  appId: string;
  /** WX_API_BASE, when the real mode goes through a gateway or a local stand-in. */
  apiBase?: string;
  cardIds: string[];
  /** Whether the card ids came from WX_CARD_IDS (else: offline, the ones card/create answered on the stand-in; real mode, none). */
  cardIdsFromEnv: boolean;
  allowedOrigins: string[];
  env: Record<string, string | undefined>;
}

const APP_ID = /^wx[\da-f]{16}$/;

/** What a merchant developer should fix before the pages can work in this mode. */
export function setupWarnings(setup: DemoSetup): string[] {
  const warnings: string[] = [];
  const { env } = setup;
  if (setup.simulate && (env.WX_APP_ID || env.WX_APP_SECRET)) {
    warnings.push(`${env.WX_APP_ID ? 'WX_APP_ID' : 'WX_APP_SECRET'} is set but ${env.WX_APP_ID ? 'WX_APP_SECRET' : 'WX_APP_ID'} is not: running on the simulator. Set both for real mode.`);
  }
  if (setup.simulate) return warnings;
  if (!APP_ID.test(setup.appId)) warnings.push(`WX_APP_ID "${setup.appId}" is not an AppID ("wx" and 16 hex digits): WeChat will answer errcode 40013.`);
  if (!setup.cardIdsFromEnv) {
    warnings.push('WX_CARD_IDS is unset: the pages offer no coupons. Set WX_CARD_IDS to your own card ids, comma separated (`npx wx-coupon create card.json` makes one).');
  }
  if (setup.allowedOrigins.length === 0) {
    warnings.push('WX_ALLOWED_ORIGINS is unset: only pages on localhost / 127.0.0.1 are signed, and WeChat on a phone cannot open those. Set it to the https origin on your JS safe domain list (JS接口安全域名).');
  }
  return warnings;
}

/** The start-up banner, as lines. Never the AppSecret: only whether it is set. */
export function bannerLines(setup: DemoSetup): string[] {
  const mode = setup.simulate
    ? 'simulator (WeChat API stand-in, simulated WeChat in the pages; set WX_APP_ID and WX_APP_SECRET for the real WeChat API)'
    : `REAL WeChat API at ${setup.apiBase ?? 'https://api.weixin.qq.com'} (WX_APP_ID, WX_APP_SECRET set; no simulator in the pages)`;
  const warnings = setupWarnings(setup);
  return [
    'wx-coupon demo',
    `  mode:           ${mode}`,
    `  app id:         ${setup.appId}${setup.simulate ? ' (the stand-in’s sandbox app)' : ''}`,
    `  card ids:       ${setup.cardIds.join(', ') || 'none'}${setup.cardIdsFromEnv ? ' (WX_CARD_IDS)' : setup.simulate ? ' (created on the stand-in through card/create)' : ''}`,
    `  signs pages on: localhost, 127.0.0.1${setup.allowedOrigins.length ? `, ${setup.allowedOrigins.join(', ')}` : ''}`,
    ...(warnings.length ? ['  warnings:', ...warnings.map((warning) => `    ! ${warning}`)] : ['  warnings:       none']),
  ];
}

function formatFields(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
    .join('');
}

/**
 * The demo's logger for createWeChatApi and createCouponHandler: every level wx-coupon/server
 * reports, with its fields (API path, errcode and hint in `error`; never a secret: the server
 * part redacts them before they reach a logger). Info lines (token fetches) only in real mode.
 */
export function demoLogger(simulate: boolean, out: Pick<Console, 'info' | 'warn' | 'error'> = console): Logger {
  const line = (message: string, fields?: Record<string, unknown>) => `[wx-coupon demo] ${message}${formatFields(fields)}`;
  return {
    ...(simulate ? {} : { info: (message: string, fields?: Record<string, unknown>) => out.info(line(message, fields)) }),
    warn: (message, fields) => out.warn(line(message, fields)),
    error: (message, fields) => out.error(line(message, fields)),
  };
}
