// Small DOM helpers shared by the demo pages.
import type { DemoCoupon } from '../coupons';

export function $(selector: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`demo page lacks ${selector}`);
  return element;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
/** A short message at the bottom of the screen; `data-kind` styles it (ok, cancel, error). */
export function toast(message: string, kind: 'ok' | 'cancel' | 'error' = 'ok'): void {
  const element = $('#toast');
  element.textContent = message;
  element.dataset.kind = kind;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (element.hidden = true), 6000);
}

/** The money off: "满 100 减 20" → 20, "立减 5 元" → 5. */
function amountOf(title: string): string {
  return title.match(/减\s*(\d+)/)?.[1] ?? title.match(/\d+/)?.[0] ?? '券';
}

export function couponCard(coupon: DemoCoupon, action: HTMLElement): HTMLElement {
  const card = h('article', { class: 'coupon', 'data-card-id': coupon.cardId });
  card.style.setProperty('--accent', coupon.color);
  card.append(
    h('div', { class: 'coupon__stub' }, h('span', { class: 'coupon__amount' }, amountOf(coupon.title)), h('span', { class: 'coupon__unit' }, '元')),
    h('div', { class: 'coupon__body' }, h('h3', {}, coupon.title), h('p', {}, coupon.subtitle), action),
  );
  return card;
}
