import { signCardExt, signChooseCard, signJsapi } from '../server/sign';
import { encryptSimulatedCode, newSimulatedCode } from './codes';
import { showSheet, type SheetItem, type SheetResult } from './sheet';
import { standInClient, type StandInCardLook } from './standInClient';
import { withoutHash } from '../utils/withoutHash';

/** A card in the simulated user's Cards & Offers. */
export interface SimulatedCard {
  cardId: string;
  /** The real code (what card/code/decrypt returns). */
  code: string;
  title?: string;
  cardType?: string;
}

/** How a simulated user answers a sheet when there is no UI (tests). */
export type SimulatorAnswer = { action: 'confirm'; cardIds?: string[] } | { action: 'cancel' };

export interface SimulatorOptions {
  appId: string;
  /** The jsapi_ticket the server signs wx.config with. */
  jsapiTicket?: string;
  /** The card api_ticket (wx_card) the server signs card_ext and chooseCard with. */
  cardApiTicket?: string;
  /**
   * Instead of the two tickets: where to get them when a call needs them (e.g. from the
   * WeChat API stand-in through the dev server), so the simulator installs synchronously.
   */
  tickets?: () => Promise<Tickets>;
  /** The user agent to present; defaults to WeChat 8.0.47 on Android. */
  userAgent?: string;
  /** Show a bottom sheet a person answers (default). Without it, `answer` decides. */
  ui?: boolean;
  /** Decides each sheet when `ui` is false. Default: confirm, first matching card. */
  answer?: (request: { name: 'batchAddCard' | 'chooseCard'; cardIds: string[] }) => SimulatorAnswer | Promise<SimulatorAnswer>;
  /** The simulated user's Cards & Offers; added cards join it. */
  cards?: SimulatedCard[];
  /** Titles for card ids, shown on the sheet. */
  catalog?: Record<string, { title: string; subtitle?: string; color?: string }>;
  /**
   * Which URL wx.config must be signed for: the one the page was loaded with (iOS WeChat),
   * or the current one (Android). Default: by the user agent, as WeChat does.
   */
  signedUrl?: 'landing' | 'current';
  /** chooseCard's card list as the JSON string the SDK documents, or as an array (some clients). */
  chooseCardList?: 'json' | 'array';
  /** Bridge calls this official account has no permission for ('batchAddCard'…): answered "access denied". */
  deny?: string[];
  /** Keep the simulated Cards & Offers in sessionStorage under this key, across pages. */
  storageKey?: string;
  /**
   * The WeChat API stand-in (wx-coupon/simulator/api) this simulated user lives in, e.g.
   * '/__wx-api' in the demo or the URL startWeChatApiStandIn gave: adds go to it (it issues
   * the codes, takes stock, refuses unapproved cards off the test whitelist), the sheets show
   * its cards' title, colour and logo, and chooseCard lists the codes it says the user holds.
   * Without it the simulator invents codes itself, and `cards` / `catalog` are the whole world.
   */
  standInUrl?: string;
  /** The simulated user's openid at the stand-in; default the stand-in's own simulated user. */
  openid?: string;
  /**
   * Delay before WeixinJSBridgeReady (ms); `null` injects the bridge only when you call
   * `injectBridge()` (a client whose bridge is missing, then turns up). Default 0.
   */
  bridgeDelayMs?: number | null;
}

export interface Tickets {
  jsapiTicket: string;
  cardApiTicket: string;
}

export interface SimulatorCall {
  name: string;
  args: Record<string, unknown>;
  reply?: Record<string, unknown>;
}

export interface WeChatSimulator {
  /** Every bridge call, with its reply once there is one. */
  calls: SimulatorCall[];
  /** The simulated user's Cards & Offers. */
  cards: SimulatedCard[];
  /** Injects WeixinJSBridge and fires WeixinJSBridgeReady now, if not done yet. */
  injectBridge(): void;
  uninstall(): void;
}

type Reply = Record<string, unknown>;
type Bridge = { invoke(name: string, args: Reply, callback?: (reply: Reply) => void): void; on(name: string, cb: () => void): void; call(name: string): void };

export const DEFAULT_SIMULATOR_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240301 MMWEBID/6170 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

function loadWallet(storageKey: string | undefined): SimulatedCard[] | undefined {
  if (!storageKey) return undefined;
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    return Array.isArray(saved) ? (saved as SimulatedCard[]) : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: unknown): Reply | undefined {
  try {
    const value = typeof text === 'string' ? JSON.parse(text) : undefined;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes this page behave like a WeChat WebView for weixin-js-sdk: a WeChat user agent, a
 * `WeixinJSBridge` that verifies signatures the way WeChat does (Web Crypto SHA-1 against
 * the tickets you give it), and sheets to add or choose cards. Install it before the first
 * card call. For the demo, tests and desktop development; never ship it to users.
 */
export function installWeChatSimulator(options: SimulatorOptions): WeChatSimulator {
  if (typeof window === 'undefined') throw new Error('installWeChatSimulator() needs a browser window (or happy-dom).');
  const userAgent = options.userAgent ?? DEFAULT_SIMULATOR_USER_AGENT;
  const ui = options.ui ?? true;
  const landingUrl = withoutHash(location.href);
  const signedUrl = options.signedUrl ?? (/iphone|ipad|ipod/i.test(userAgent) ? 'landing' : 'current');
  const wallet: SimulatedCard[] = [...(loadWallet(options.storageKey) ?? options.cards ?? [])];
  const saveWallet = () => {
    if (options.storageKey) sessionStorage.setItem(options.storageKey, JSON.stringify(wallet));
  };
  const calls: SimulatorCall[] = [];
  const usedNonces = new Set<string>();
  let verified: { signature: string; apis: string[] } | undefined;
  let sheet: { close(): void } | undefined;

  const tickets: () => Promise<Tickets> =
    options.tickets ??
    (() =>
      options.jsapiTicket && options.cardApiTicket
        ? Promise.resolve({ jsapiTicket: options.jsapiTicket, cardApiTicket: options.cardApiTicket })
        : Promise.reject(new Error('installWeChatSimulator() needs jsapiTicket and cardApiTicket, or tickets()')));

  const uaDescriptor = Object.getOwnPropertyDescriptor(navigator, 'userAgent');
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => userAgent });

  const standIn = options.standInUrl ? standInClient(options.standInUrl, options.appId, options.openid) : undefined;
  // A card neither the stand-in nor the catalog names shows its id once, as the title (not again as subtitle).
  const titleOf = (cardId: string, look?: StandInCardLook): SheetItem => {
    const entry = options.catalog?.[cardId];
    const title = look?.title ?? entry?.title;
    return {
      id: cardId,
      title: title ?? cardId,
      subtitle: title === undefined ? undefined : look?.sub_title || entry?.subtitle || cardId,
      color: look?.color ?? entry?.color,
      logoUrl: look?.logo_url,
    };
  };
  /** The sheet rows for these cards: the stand-in's look where it has one. */
  const rowsFor = async (cardIds: string[]) => Promise.all(cardIds.map(async (id) => titleOf(id, await standIn?.look(id))));

  async function decide(name: 'batchAddCard' | 'chooseCard', items: SheetItem[]): Promise<SheetResult> {
    if (ui) {
      const shown =
        name === 'batchAddCard'
          ? showSheet({ title: '添加到卡包', items, selectable: false, confirmLabel: '添加', cancelLabel: '取消' })
          : showSheet({ title: '选择优惠券', items, selectable: true, confirmLabel: '使用', cancelLabel: '取消' });
      sheet = shown;
      return shown.result;
    }
    const answer = (await options.answer?.({ name, cardIds: items.map((i) => i.id) })) ?? { action: 'confirm' };
    return answer.action === 'cancel' ? answer : { action: 'confirm', selected: answer.cardIds ?? items.slice(0, 1).map((i) => i.id) };
  }

  /** What WeChat checks on every call after config: the verified signature and the API list. */
  function allowed(api: string, args: Reply): boolean {
    return verified !== undefined && args.verifySignature === verified.signature && verified.apis.includes(api) && !options.deny?.includes(api);
  }

  const handlers: Record<string, (args: Reply) => Promise<Reply>> = {
    async preVerifyJSAPI(args) {
      const url = signedUrl === 'landing' ? landingUrl : withoutHash(location.href);
      const { jsapiTicket } = await tickets();
      const expected = await signJsapi({ ticket: jsapiTicket, nonceStr: String(args.verifyNonceStr ?? ''), timestamp: String(args.verifyTimestamp ?? ''), url }).catch(() => '');
      if (args.verifyAppId !== options.appId) {
        verified = undefined;
        return { err_msg: 'preVerifyJSAPI:fail_invalid appid' };
      }
      if (!expected || args.verifySignature !== expected) {
        verified = undefined;
        return { err_msg: 'preVerifyJSAPI:fail_invalid signature' };
      }
      verified = { signature: expected, apis: Array.isArray(args.verifyJsApiList) ? args.verifyJsApiList.map(String) : [] };
      return { err_msg: 'preVerifyJSAPI:ok' };
    },

    async batchAddCard(args) {
      if (!allowed('batchAddCard', args)) return { err_msg: 'batch_add_card:access denied' };
      const list = Array.isArray(args.card_list) ? (args.card_list as Reply[]) : [];
      if (list.length === 0) return { err_msg: 'batch_add_card:fail_invalid card_list' };
      const prepared: Array<{ cardId: string; cardExt: string; code: string }> = [];
      const { cardApiTicket } = await tickets();
      for (const item of list) {
        const cardId = String(item.card_id ?? '');
        const ext = parseJson(item.card_ext);
        if (!ext) return { err_msg: 'batch_add_card:fail_invalid card_ext' };
        const signature = await signCardExt({
          apiTicket: cardApiTicket,
          cardId,
          timestamp: String(ext.timestamp ?? ''),
          nonceStr: String(ext.nonce_str ?? ''),
          code: ext.code === undefined ? undefined : String(ext.code),
          openid: ext.openid === undefined ? undefined : String(ext.openid),
        }).catch(() => '');
        if (!signature || ext.signature !== signature) return { err_msg: 'batch_add_card:fail_invalid signature' };
        const once = `${cardId}:${String(ext.timestamp)}:${String(ext.nonce_str)}`;
        if (usedNonces.has(once)) return { err_msg: 'batch_add_card:fail_repeated timestamp and nonce_str' };
        usedNonces.add(once);
        prepared.push({ cardId, cardExt: String(item.card_ext), code: typeof ext.code === 'string' && ext.code ? ext.code : newSimulatedCode() });
      }
      const rows = await rowsFor(prepared.map((p) => p.cardId));
      const choice = await decide('batchAddCard', rows);
      if (choice.action === 'cancel') return { err_msg: 'batch_add_card:cancel' };
      if (standIn) {
        // The stand-in issues the codes (or refuses: is_succ 0, as WeChat reports a card it could not add).
        const added = await standIn.add(prepared.map((p) => ({ card_id: p.cardId, card_ext: p.cardExt })));
        added.forEach((result, i) => {
          if (result.is_succ && result.code) wallet.push({ cardId: result.card_id, code: result.code, title: rows[i]?.title });
        });
        saveWallet();
        return {
          err_msg: 'batch_add_card:ok',
          card_list: JSON.stringify(added.map((result, i) => ({ card_id: result.card_id, card_ext: prepared[i]?.cardExt, is_succ: result.is_succ, code: result.encrypt_code ?? '' }))),
        };
      }
      for (const p of prepared) wallet.push({ cardId: p.cardId, code: p.code, title: options.catalog?.[p.cardId]?.title });
      saveWallet();
      return {
        err_msg: 'batch_add_card:ok',
        card_list: JSON.stringify(prepared.map((p) => ({ card_id: p.cardId, card_ext: p.cardExt, is_succ: 1, code: encryptSimulatedCode(p.code) }))),
      };
    },

    async chooseCard(args) {
      if (!allowed('chooseCard', args)) return { err_msg: 'choose_card:access denied' };
      const { cardApiTicket } = await tickets();
      const expected = await signChooseCard({
        apiTicket: cardApiTicket,
        appId: String(args.app_id ?? ''),
        timestamp: String(args.time_stamp ?? ''),
        nonceStr: String(args.nonce_str ?? ''),
        shopId: args.location_id ? String(args.location_id) : undefined,
        cardType: args.card_type ? String(args.card_type) : undefined,
        cardId: args.card_id ? String(args.card_id) : undefined,
      }).catch(() => '');
      if (!expected || args.card_sign !== expected || args.app_id !== options.appId) return { err_msg: 'choose_card:fail_invalid signature' };
      const filter = { cardId: args.card_id ? String(args.card_id) : undefined, cardType: args.card_type ? String(args.card_type) : undefined };
      // With a stand-in, the user holds what it says (consumed and deleted codes are gone) and its encrypt_codes.
      const held = standIn ? await standIn.held(filter) : undefined;
      const matching: Array<SimulatedCard & { encryptCode: string; look?: StandInCardLook }> = held
        ? held.map((card) => ({ cardId: card.card_id, code: card.code, cardType: card.card_type, encryptCode: card.encrypt_code, look: card }))
        : wallet
            .filter((card) => (!filter.cardId || card.cardId === filter.cardId) && (!filter.cardType || !card.cardType || card.cardType === filter.cardType))
            .map((card) => ({ ...card, encryptCode: encryptSimulatedCode(card.code) }));
      const items = matching.map((card) => ({ ...titleOf(card.cardId, card.look), id: `${card.cardId}#${card.code}`, subtitle: `券码 ${card.code.replace(/(\d{4})(?=\d)/g, '$1 ')}` }));
      const choice = await decide('chooseCard', items);
      if (choice.action === 'cancel') return { err_msg: 'choose_card:cancel' };
      const chosen = matching.filter((card) => choice.selected.includes(`${card.cardId}#${card.code}`) || choice.selected.includes(card.cardId));
      const list = chosen.map((card) => ({ card_id: card.cardId, encrypt_code: card.encryptCode }));
      return { err_msg: 'choose_card:ok', choose_card_info: options.chooseCardList === 'array' ? list : JSON.stringify(list) };
    },

    async batchViewCard(args) {
      if (!allowed('batchViewCard', args)) return { err_msg: 'batch_view_card:access denied' };
      return { err_msg: 'batch_view_card:ok' };
    },

    async getNetworkType() {
      return { err_msg: 'network_type:wifi' };
    },
  };

  const bridge: Bridge = {
    invoke(name, args, callback) {
      const call: SimulatorCall = { name, args: { ...args } };
      calls.push(call);
      const handler = handlers[name];
      const replied = (handler ? handler(args) : Promise.resolve({ err_msg: `${name}:fail_function not exist` })).catch((error: unknown) => {
        console.error('[wx-coupon simulator]', error);
        return { err_msg: `${name}:fail_${error instanceof Error ? error.message : 'simulator error'}` };
      });
      void replied.then((reply) => {
        call.reply = { ...reply }; // the SDK rewrites the reply object in place
        callback?.(reply);
      });
    },
    on() {},
    call() {},
  };

  let injected = false;
  const inject = () => {
    if (injected) return;
    injected = true;
    clearTimeout(timer);
    (window as unknown as { WeixinJSBridge?: Bridge }).WeixinJSBridge = bridge;
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
  };
  const delay = options.bridgeDelayMs === undefined ? 0 : options.bridgeDelayMs;
  const timer = delay === null ? undefined : setTimeout(inject, delay);

  return {
    calls,
    cards: wallet,
    injectBridge: inject,
    uninstall() {
      injected = true; // a late injectBridge() must not bring the bridge back
      clearTimeout(timer);
      sheet?.close();
      const w = window as unknown as { WeixinJSBridge?: Bridge };
      // Ours, or a stand-in wx-coupon put in its place (a frozen bridge): see src/engine/bridge.ts.
      if (w.WeixinJSBridge && (w.WeixinJSBridge === bridge || Object.prototype.isPrototypeOf.call(bridge, w.WeixinJSBridge))) delete w.WeixinJSBridge;
      if (uaDescriptor) Object.defineProperty(navigator, 'userAgent', uaDescriptor);
      else delete (navigator as { userAgent?: string }).userAgent;
    },
  };
}
