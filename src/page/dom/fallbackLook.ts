// The fallback panel's look and QR code: its own chunk (and, for the script tag, part of the
// QR companion file, wx-coupon.qr.iife.js), loaded only when a visitor is shown the fallback.
// A page inside WeChat, where cards work, downloads none of it; the panel's words are the
// page's own (fallback.ts), so they show even where this file cannot load.
import { qrCodeSvg } from './qrCode';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Styles the panels showFallback rendered (CSSOM only: no inline <style>, so it works under a
 * strict Content-Security-Policy) and, with `qr`, adds a QR code of the page over `scan`.
 */
export function dressFallback(panels: HTMLElement[], qr: { href: string; scan: string } | undefined): void {
  let code: SVGSVGElement | undefined;
  try {
    code = qr && qrCodeSvg(qr.href);
  } catch {
    // a URL too long for a QR code: the caption still says to open the page on the phone
  }
  for (const panel of panels) {
    Object.assign(panel.style, { boxSizing: 'border-box', margin: '12px auto', maxWidth: '420px', padding: '16px', borderRadius: '12px', background: '#fff', color: '#111', textAlign: 'center', boxShadow: '0 1px 4px rgba(0,0,0,.08)', fontSize: '15px', lineHeight: '1.5' });
    const title = panel.querySelector<HTMLElement>('.wx-coupon-fallback__title');
    if (title) Object.assign(title.style, { display: 'block', fontSize: '17px', marginBottom: '6px' });
    if (!qr) continue;
    const figure = el('figure', 'wx-coupon-fallback__qr');
    Object.assign(figure.style, { margin: '12px 0 0' });
    const caption = el('figcaption', 'wx-coupon-fallback__scan', qr.scan);
    Object.assign(caption.style, { fontSize: '13px', color: '#666' });
    if (code) figure.append(code.cloneNode(true));
    figure.append(caption);
    panel.append(figure);
  }
}
