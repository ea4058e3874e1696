import { detectWeChat, type UnsupportedReason } from '../../env/detect';
import { currentHref } from '../../env/globals';
import { companion } from '../companion';
import { fallbackText } from './messages';

declare const __WX_COUPON_SCRIPT_TAG__: boolean;

/** The QR code is a nicety: give up on it rather than wait long. */
const QR_TIMEOUT_MS = 10_000;

const loadQr = /* @__PURE__ */ companion<typeof import('./qrCode')>('qr', 'WxCouponQr', __WX_COUPON_SCRIPT_TAG__ ? undefined : () => import('./qrCode'));

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

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Tells the visitor what to do where cards can't work: open in WeChat, update WeChat, or
 * open on the phone (with a QR code of the page). Returns the element it rendered, or
 * `null` where cards work. Styled by class names (`wx-coupon-fallback…`) and CSSOM only:
 * no inline <style>, so it works under a strict Content-Security-Policy.
 */
export function showFallback(options: FallbackOptions = {}): HTMLElement | null {
  const reason = options.reason ?? detectWeChat().reason;
  if (!reason || typeof document === 'undefined') return null;
  const text = fallbackText(reason, options.lang);

  const panel = el('div', 'wx-coupon-fallback');
  panel.setAttribute('role', 'status');
  panel.setAttribute('data-wx-coupon-fallback', reason);
  Object.assign(panel.style, { boxSizing: 'border-box', margin: '12px auto', maxWidth: '420px', padding: '16px', borderRadius: '12px', background: '#fff', color: '#111', textAlign: 'center', boxShadow: '0 1px 4px rgba(0,0,0,.08)', fontSize: '15px', lineHeight: '1.5' });
  const title = el('strong', 'wx-coupon-fallback__title', text.title);
  Object.assign(title.style, { display: 'block', fontSize: '17px', marginBottom: '6px' });
  panel.append(title, el('p', 'wx-coupon-fallback__body', text.body));

  const href = currentHref();
  const withQr = (options.qr ?? true) && text.scan !== undefined && href !== undefined;
  if (withQr) {
    const figure = el('figure', 'wx-coupon-fallback__qr');
    Object.assign(figure.style, { margin: '12px 0 0' });
    const caption = el('figcaption', 'wx-coupon-fallback__scan', text.scan);
    Object.assign(caption.style, { fontSize: '13px', color: '#666' });
    figure.append(caption);
    panel.append(figure);
  }

  const targets = options.target ? [options.target] : Array.from(document.querySelectorAll('[data-wx-fallback]'));
  const panels = targets.length === 0 ? [panel] : targets.map((_, i) => (i === 0 ? panel : (panel.cloneNode(true) as HTMLElement)));
  if (targets.length === 0) document.body.append(panel);
  targets.forEach((target, i) => target.replaceChildren(panels[i] as HTMLElement));

  if (withQr) {
    loadQr(QR_TIMEOUT_MS)
      .then(({ qrCodeSvg }) => {
        for (const figure of panels.map((p) => p.querySelector('figure'))) figure?.prepend(qrCodeSvg(href));
      })
      .catch(() => undefined); // no QR code (not loaded, or a URL too long for one): the words still say what to do
  }
  return panel;
}
