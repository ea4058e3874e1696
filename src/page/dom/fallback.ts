import { detectWeChat, type UnsupportedReason } from '../../env/detect';
import { currentHref } from '../../env/globals';
import { companion } from '../companion';
import { fallbackText } from './messages';

declare const __WX_COUPON_SCRIPT_TAG__: boolean;

/** The look and the QR code are niceties: give up on them rather than wait long. */
const LOOK_TIMEOUT_MS = 10_000;

// The script tag's QR companion carries the look too (src/iife-qr.ts).
const loadLook = /* @__PURE__ */ companion<typeof import('./fallbackLook')>('qr', 'WxCouponQr', __WX_COUPON_SCRIPT_TAG__ ? undefined : () => import('./fallbackLook'));

export interface FallbackOptions {
  /** 'zh-CN' (default) or 'en'. */
  lang?: string;
  /** Where to render; default: every `[data-wx-fallback]` element, else a panel at the end of <body>. */
  target?: Element;
  /** Show a QR code of the page to desktop and non-WeChat visitors. Default true. */
  qr?: boolean;
  /** The reason to explain; default: this page's. */
  reason?: UnsupportedReason;
}

function el(tag: string, className: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/**
 * Tells the visitor what to do where cards can't work: open in WeChat, update WeChat, or
 * open on the phone (with a QR code of the page). Returns the element it rendered, or
 * `null` where cards work. Its words are there at once; its look (class names
 * `wx-coupon-fallback…`, styled through CSSOM only, so a strict Content-Security-Policy
 * allows it) and the QR code follow from a file of their own, which pages inside WeChat,
 * where cards work, never download.
 */
export function showFallback(options: FallbackOptions = {}): HTMLElement | null {
  const reason = options.reason || detectWeChat().reason;
  if (!reason || typeof document === 'undefined') return null;
  const text = fallbackText(reason, options.lang);

  const panel = el('div', 'wx-coupon-fallback', '');
  panel.setAttribute('role', 'status');
  panel.setAttribute('data-wx-coupon-fallback', reason);
  panel.append(el('strong', 'wx-coupon-fallback__title', text.title), el('p', 'wx-coupon-fallback__body', text.body));

  const targets = options.target ? [options.target] : Array.from(document.querySelectorAll('[data-wx-fallback]'));
  const panels = targets.length === 0 ? [panel] : targets.map((_, i) => (i === 0 ? panel : (panel.cloneNode(true) as HTMLElement)));
  if (targets.length === 0) document.body.append(panel);
  targets.forEach((target, i) => target.replaceChildren(panels[i] as HTMLElement));

  const href = currentHref();
  const qr = (options.qr ?? true) && text.scan !== undefined && href !== undefined ? { href, scan: text.scan } : undefined;
  loadLook(LOOK_TIMEOUT_MS)
    .then(({ dressFallback }) => dressFallback(panels, qr))
    .catch(() => undefined); // not loaded (or a URL too long for a QR code): the words still say what to do
  return panel;
}
