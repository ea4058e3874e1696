import { addToCardsAndOffers, prefetchCardExt } from '../cards/addToCardsAndOffers';
import { chooseCard } from '../cards/chooseCard';
import { openCard } from '../cards/openCard';
import { detectWeChat } from '../../env/detect';
import { CouponError } from '../../errors/CouponError';
import { currentPageUrl } from '../pageUrl';
import { ready } from '../ready';
import { currentSession } from '../session';
import type { CouponEventMap, CouponEventType } from './couponEvents';

export const ADD = 'data-wx-add-card';
export const CHOOSE = 'data-wx-choose-card';
export const OPEN = 'data-wx-open-card';
const ACTIONS = `[${ADD}],[${CHOOSE}],[${OPEN}]`;

/** One event to dispatch: its type and the detail couponEvents.ts gives it. */
type Outcome = { [Type in CouponEventType]: { type: Type; detail: CouponEventMap[`wx-coupon:${Type}`]['detail'] } }[CouponEventType];

/** Dispatches `wx-coupon:<type>`; false when a listener called preventDefault(). */
function emit(target: Element, { type, detail }: Outcome): boolean {
  return target.dispatchEvent(new CustomEvent(`wx-coupon:${type}`, { bubbles: true, cancelable: true, detail }));
}

/** Card ids of an add button (`data-wx-add-card="p1,p2"`) or form (checked/hidden `card_id` inputs). */
function cardsToAdd(element: Element): Array<{ cardId: string; outerStr?: string }> {
  const outerStr = element.getAttribute('data-outer-str') || undefined;
  const fromAttribute = (element.getAttribute(ADD) || '').split(',').map((id) => id.trim()).filter(Boolean);
  const fromForm =
    element instanceof HTMLFormElement
      ? Array.from(element.querySelectorAll<HTMLInputElement>('input[name="card_id"],input[name="cardId"]'))
          .filter((input) => (input.type !== 'checkbox' && input.type !== 'radio') || input.checked)
          .map((input) => input.value)
      : [];
  return [...fromAttribute, ...fromForm].map((cardId) => ({ cardId, outerStr }));
}

async function run(element: Element): Promise<Outcome> {
  if (element.hasAttribute(ADD)) return { type: 'added', detail: { cards: await addToCardsAndOffers(cardsToAdd(element)) } };
  if (element.hasAttribute(CHOOSE)) {
    const cards = await chooseCard({
      shopId: element.getAttribute('data-shop-id') || undefined,
      cardType: element.getAttribute('data-card-type') || undefined,
      cardId: element.getAttribute(CHOOSE) || undefined,
    });
    return { type: 'chosen', detail: { cards } };
  }
  await openCard([{ cardId: element.getAttribute(OPEN) || '', code: element.getAttribute('data-code') || '' }]);
  return { type: 'opened', detail: {} };
}

async function activate(element: Element, button: HTMLButtonElement | HTMLInputElement | null): Promise<void> {
  if (element.getAttribute('aria-busy') === 'true') return; // a tap while one is in flight
  const control = button ?? (element instanceof HTMLButtonElement ? element : null);
  const wasDisabled = control?.disabled ?? false;
  element.setAttribute('aria-busy', 'true');
  if (control) control.disabled = true;
  let outcome: Outcome;
  try {
    outcome = await run(element);
  } catch (cause) {
    const error = cause instanceof CouponError ? cause : new CouponError('WECHAT_FAIL', String(cause), { cause });
    outcome = { type: error.code === 'CANCELLED' ? 'cancel' : 'error', detail: { error } };
  }
  // Settle the control first, so listeners see it ready for the next tap.
  element.removeAttribute('aria-busy');
  if (control) control.disabled = wasDisabled;
  if (element.hasAttribute(ADD)) prefetch(element); // the next tap opens the sheet at once too
  // An error no listener handled (preventDefault) must not vanish: the developer reads it here.
  if (emit(element, outcome) && outcome.type === 'error') {
    const { error } = outcome.detail;
    console.error(`wx-coupon:error ${error.code}: ${error.message} (no listener called preventDefault())`, element);
  }
}

/** Fetches an add button's next card_ext ahead of the tap (each card_ext serves one add). */
function prefetch(element: Element): void {
  const cards = cardsToAdd(element);
  if (cards.length && currentSession()) {
    try {
      prefetchCardExt(cards);
    } catch {
      // a malformed card id: the tap will report it as wx-coupon:error
    }
  }
}

/**
 * Gets a button's first tap ready ahead of it: the page verified (wx.config) and, for add
 * buttons, card_ext fetched, so the tap reaches WeChat's sheet with no round trip. A failure
 * here is left for the tap, which retries and reports it.
 */
function warmUp(element: Element): void {
  const session = currentSession();
  // Once per button and configure(): a button warmed for options since replaced is warmed again.
  if (!session || session.warmed.has(element)) return;
  session.warmed.add(element);
  // Once per page URL and configure(): buttons re-rendered by the page must not keep asking
  // a failing signature endpoint; the tap retries, and reports what fails.
  const url = currentPageUrl();
  if (session.warmedUrl !== url) {
    session.warmedUrl = url;
    ready().catch(() => undefined);
  }
  if (element.hasAttribute(ADD)) prefetch(element);
}

/** Marks a button where cards can't work and, in WeChat, warms its first tap up. */
function prepare(element: Element, reason: string | null): void {
  // A form the parser is still filling has not got its card_id inputs yet: it is prepared by
  // the scan bindButtons makes once the document is parsed.
  if (element instanceof HTMLFormElement && document.readyState === 'loading') return;
  if (reason) element.setAttribute('data-wx-unsupported', reason);
  else warmUp(element);
}

/**
 * Makes `[data-wx-add-card]`, `[data-wx-choose-card]` and `[data-wx-open-card]` elements
 * under `root` work: a tap calls the API, the control is disabled with `aria-busy="true"`
 * while in flight, and `wx-coupon:added | chosen | opened | cancel | error` CustomEvents
 * bubble from it (cancelable: a `wx-coupon:error` no listener calls `preventDefault()` on is
 * written to the console). As soon as buttons are bound, the page is verified (wx.config) and add
 * buttons get their card_ext prefetched, so taps open the sheet at once. Buttons added later work too
 * (clicks are delegated); call again, or let the script tag's observer do it, to prefetch
 * for them. Returns a function that unbinds.
 */
export function bindButtons(root: Document | Element = document): () => void {
  const { reason } = detectWeChat();
  const existing = bound.get(root);
  if (existing) {
    existing.scan(root); // binding again only picks up new buttons
    return existing.unbind;
  }
  const scan = (node: ParentNode) => {
    if (node instanceof Element && node.matches(ACTIONS)) prepare(node, reason);
    node.querySelectorAll(ACTIONS).forEach((element) => prepare(element, reason));
  };
  scan(root);
  // Bound while the page is still parsed (the script tag binds from <head>): once it is, scan
  // again for what was not complete before (forms), and for options configured meanwhile.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => bound.has(root) && scan(root), { once: true });

  const onClick = (event: Event) => {
    const { target } = event;
    const element = target instanceof Element ? target.closest(ACTIONS) : null;
    if (!element || element instanceof HTMLFormElement || !root.contains(element)) return;
    event.preventDefault();
    prepare(element, reason);
    void activate(element, null);
  };
  const onSubmit = (event: Event) => {
    const form = event.target as Element;
    if (!(form instanceof HTMLFormElement) || !form.matches(ACTIONS)) return;
    event.preventDefault();
    prepare(form, reason);
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    void activate(form, submitter);
  };
  root.addEventListener('click', onClick);
  root.addEventListener('submit', onSubmit);

  // New buttons: prefetch and mark them as they appear.
  const observer = typeof MutationObserver === 'undefined' ? undefined : new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach((node) => node instanceof Element && scan(node));
  });
  observer?.observe(root, { childList: true, subtree: true });

  const unbind = () => {
    root.removeEventListener('click', onClick);
    root.removeEventListener('submit', onSubmit);
    observer?.disconnect();
    bound.delete(root);
  };
  bound.set(root, { scan, unbind });
  return unbind;
}

// The roots bound, with their listeners: the DOM's state, not the configuration's, so it
// outlives configure() (a tap reads the session current then).
const bound = new WeakMap<Document | Element, { scan(node: ParentNode): void; unbind(): void }>();
