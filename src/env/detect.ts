import { currentUserAgent, hasTouchScreen, isMiniProgramWebView } from './globals';
import { readOS } from './os';
import { hasMicroMessengerToken, isAtLeast, readMicroMessengerVersion } from './version';

/** The lowest WeChat version whose JS-SDK has the Cards & Offers APIs. */
export const MIN_CARDS_VERSION = '6.0.2';

export type WeChatClient = 'wechat' | 'miniprogram' | 'wechat-desktop' | 'wecom' | 'other';
export type WeChatOS = 'ios' | 'android' | 'harmonyos' | 'windows' | 'macos' | 'other';
/** Why the Cards & Offers APIs can't be used here; `null` when they can. */
export type UnsupportedReason = 'not-wechat' | 'version-too-low' | 'desktop' | 'wecom';

export interface WeChatEnvironment {
  client: WeChatClient;
  /** MicroMessenger version as `major.minor.patch`, or `null` when there is none. */
  version: string | null;
  os: WeChatOS;
  cardsSupported: boolean;
  reason: UnsupportedReason | null;
}

const WECOM = /wxwork\//i;
const MINI_PROGRAM = /miniprogram/i;
// Desktop WeChat names itself; a mini program on desktop says MiniProgramEnv/Windows|Mac.
const DESKTOP_TOKEN = /windowswechat|macwechat|miniprogramenv\/(?:windows|mac)|\bwmpf\b/i;
// A Windows/Mac platform with none of these is desktop even without a desktop token.
// (iPadOS can claim "Macintosh"; its WeChat still says Mobile/ or iPad.)
const MOBILE_HINT = /mobile\/|iphone|ipad|android|harmony/i;
// Desktop Linux (X11, Wayland): "X11", or a Linux machine architecture with no phone OS.
const LINUX_DESKTOP = /\bx11\b|linux (?:x86_64|i[3-6]86|aarch64)/i;

function isDesktop(userAgent: string, os: WeChatOS, forCurrentPage: boolean): boolean {
  if (DESKTOP_TOKEN.test(userAgent)) return true;
  if (os === 'windows' || os === 'macos') {
    // An iPad can send a Mac user agent; on the current page its touch screen gives it away.
    return !MOBILE_HINT.test(userAgent) && !(forCurrentPage && os === 'macos' && hasTouchScreen());
  }
  return os === 'other' && LINUX_DESKTOP.test(userAgent) && !MOBILE_HINT.test(userAgent);
}

function verdict(
  client: WeChatClient,
  version: string | null,
  os: WeChatOS,
  reason: UnsupportedReason | null,
): WeChatEnvironment {
  return { client, version, os, cardsSupported: reason === null, reason };
}

/**
 * Which WeChat client (if any) this is, its MicroMessenger version, and whether the
 * Cards & Offers JS APIs work here. Never throws; any input is read in linear time.
 *
 * @param userAgent defaults to `navigator.userAgent`; when omitted, a mini program
 * `<web-view>` is also recognised by `window.__wxjs_environment`.
 */
export function detectWeChat(userAgent?: string): WeChatEnvironment {
  const forCurrentPage = userAgent === undefined;
  const ua = forCurrentPage ? currentUserAgent() : typeof userAgent === 'string' ? userAgent : '';
  const os = readOS(ua); // '' names no OS (ua-parser-js would have read the page's)
  const version = readMicroMessengerVersion(ua);

  // WeCom's UA also carries MicroMessenger/, so it is told apart first.
  if (WECOM.test(ua)) return verdict('wecom', version, os, 'wecom');
  if (!hasMicroMessengerToken(ua)) return verdict('other', null, os, 'not-wechat');
  if (isDesktop(ua, os, forCurrentPage)) return verdict('wechat-desktop', version, os, 'desktop');

  const client: WeChatClient =
    MINI_PROGRAM.test(ua) || (forCurrentPage && isMiniProgramWebView()) ? 'miniprogram' : 'wechat';
  // A MicroMessenger token without a readable version can't be shown to be new enough.
  const newEnough = version !== null && isAtLeast(version, MIN_CARDS_VERSION);
  return verdict(client, version, os, newEnough ? null : 'version-too-low');
}

/** Whether `addCard` / `chooseCard` / `openCard` can work for this user agent. */
export function isCardsAndOffersSupported(userAgent?: string): boolean {
  return detectWeChat(userAgent).cardsSupported;
}
