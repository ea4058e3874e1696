// The page's first answers, embedded in its HTML by the server that renders it: the wx.config
// signature for the page URL and a card_ext for each of its add buttons. The browser part
// reads them instead of fetching (src/page/transport/embedded.ts), so a tap at load
// waits for no round trip to the merchant's server.
//
// The answers come from the coupon handler itself, asked in-process with the page request's
// headers (cookies for your cardExt hook): the same checks (allowedUrls, allowedCardIds), the
// same signatures and the same wire shapes as the routes the page would call.
import { detectWeChat } from '../env/detect';
import { EMBEDDED_CONFIG_ID, type EmbeddedCardExt, type EmbeddedCouponConfig, type SignatureResponse } from '../contract';
import { withoutHash } from '../utils/withoutHash';

export type { EmbeddedCardExt, EmbeddedCouponConfig };

export interface EmbedCouponConfigOptions {
  /** Your `createCouponHandler(...)`: it answers, in-process, what the page would fetch. */
  handler: (request: Request) => Promise<Response>;
  /** The request for the page being rendered. Its headers (cookies) go along to the handler. */
  request: Request;
  /**
   * The page's URL as the browser has it, when it is not `request.url` (behind a proxy that
   * changes scheme or host). Signed without `#…`.
   */
  pageUrl?: string;
  /**
   * The page's add buttons: card ids, or `{ cardId, outerStr }` with the button's
   * `data-outer-str`. Each gets one card_ext (one add); later adds fetch their own.
   */
  cards?: ReadonlyArray<string | { cardId: string; outerStr?: string }>;
  /** Where the handler is mounted, as its `basePath`. Default `'/api/wx'`. */
  basePath?: string;
  /**
   * The URL of `wx-coupon.engine.iife.js`, to have the browser fetch it beside the script tag
   * (`<link rel="preload">`). Only for visitors inside WeChat, where it is used.
   */
  engineUrl?: string;
}

export interface EmbeddedCouponHtml {
  config: EmbeddedCouponConfig;
  /**
   * `<script type="application/json" id="wx-coupon-config">` with `config` (and the engine's
   * preload link): put it in `<head>`, before wx-coupon's script tag. JSON escaped for HTML;
   * not executed, so no Content-Security-Policy nonce is needed.
   */
  html: string;
  /** What the handler refused (the page then fetches it at tap time and reports the error there). */
  skipped: Array<{ what: string; status: number; error?: string }>;
}

/** Characters that could end the script element or be read as markup, as JSON escapes. */
const HTML_UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** `config` as a `<script type="application/json">` element that no content can break out of. */
export function embeddedConfigScript(config: EmbeddedCouponConfig): string {
  const json = JSON.stringify(config).replace(/[<>&\u2028\u2029]/g, (c) => HTML_UNSAFE[c] as string);
  return `<script type="application/json" id="${EMBEDDED_CONFIG_ID}">${json}</script>`;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Asks `handler` for the page's signature and its buttons' card_ext and returns them as the
 * HTML to embed. Send the page with `Cache-Control: no-store`: each card_ext serves one add,
 * and a signature expires (the page checks `expiresAt` and fetches a fresh one if needed).
 */
export async function embedCouponConfig(options: EmbedCouponConfigOptions): Promise<EmbeddedCouponHtml> {
  const { handler, request } = options;
  const base = `${new URL(request.url).origin}${(options.basePath ?? '/api/wx').replace(/\/+$/, '')}`;
  const pageUrl = withoutHash(options.pageUrl ?? request.url);
  const headers = new Headers(request.headers);
  for (const name of ['content-length', 'content-type', 'transfer-encoding']) headers.delete(name);
  headers.set('accept', 'application/json');
  const skipped: EmbeddedCouponHtml['skipped'] = [];

  async function ask(what: string, url: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
    const init: RequestInit = body === undefined ? { method: 'GET', headers } : { method: 'POST', headers: withJson(headers), body: JSON.stringify(body) };
    const response = await handler(new Request(url, init));
    const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok && json) return json;
    skipped.push({ what, status: response.status, ...(typeof json?.error === 'string' ? { error: json.error } : {}) });
    return undefined;
  }

  const cards = (options.cards ?? []).map((card) => (typeof card === 'string' ? { cardId: card } : card));
  const [signature, ...cardExts] = await Promise.all([
    ask('signature', `${base}/signature?url=${encodeURIComponent(pageUrl)}`),
    ...cards.map((card) => ask(`card-ext ${card.cardId}`, `${base}/card-ext`, card.outerStr === undefined ? { cardId: card.cardId } : { cardId: card.cardId, outerStr: card.outerStr })),
  ]);
  const config: EmbeddedCouponConfig = {};
  if (signature) config.signature = Object.assign({ url: pageUrl }, signature as unknown as SignatureResponse);
  const embedded: EmbeddedCardExt[] = [];
  cards.forEach((card, i) => {
    const cardExt = cardExts[i]?.cardExt;
    if (typeof cardExt === 'string') embedded.push(card.outerStr === undefined ? { cardId: card.cardId, cardExt } : { cardId: card.cardId, outerStr: card.outerStr, cardExt });
  });
  if (embedded.length > 0) config.cardExt = embedded;

  // The engine is fetched only inside WeChat, where cards work: preload it there only.
  const preload = options.engineUrl && detectWeChat(request.headers.get('user-agent') ?? '').cardsSupported ? `<link rel="preload" as="script" href="${escapeAttribute(options.engineUrl)}">` : '';
  return { config, html: embeddedConfigScript(config) + preload, skipped };
}

function withJson(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set('content-type', 'application/json');
  return copy;
}
