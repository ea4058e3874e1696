// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, closePage, openPage, UA } from '../../helpers/browserPage';
import { serveMerchant } from '../../helpers/merchantServer';
import { mutationHandled } from '../../helpers/mutations';

// Each test is a new page, but happy-dom's document stays: unbind what a test bound.
const unbinds: Array<() => void> = [];
afterEach(() => {
  unbinds.splice(0).forEach((unbind) => unbind());
  closePage();
});
function bind(lib: { bindButtons(): () => void }): () => void {
  const unbind = lib.bindButtons();
  unbinds.push(unbind);
  return unbind;
}

const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const OTHER = 'pFS7Fjg8kV1IdDz01r4SQwMkuXYZ';
const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', cardSignUrl: '/api/wx/card-sign', timeoutMs: 1000 };

/** The next of these events; an error it sees is handled (preventDefault), so it is not logged. */
function nextEvent(target: EventTarget, types: string[]): Promise<CustomEvent> {
  const listening = new AbortController(); // the first event stops all of them: none lingers into the next test
  return new Promise((resolve) => {
    const take = (event: Event) => {
      listening.abort();
      if (event.type === 'wx-coupon:error') event.preventDefault();
      resolve(event as CustomEvent);
    };
    types.forEach((type) => target.addEventListener(type, take, { signal: listening.signal }));
  });
}

async function render(html: string): Promise<void> {
  const handled = mutationHandled();
  document.body.innerHTML = html;
  await handled;
}

describe('bindButtons', () => {
  it('adds on tap: busy while in flight, then wx-coupon:added bubbles with the cards', async () => {
    const { lib, sim } = await openPage('/coupon', { answer: () => new Promise((r) => setTimeout(() => r({ action: 'confirm' }), 30)) });
    serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<section id="promo"><button data-wx-add-card="${CARD}" data-outer-str="banner">领取</button></section>`;
    bind(lib);
    const button = document.querySelector('button')!;
    const added = nextEvent(document.getElementById('promo')!, ['wx-coupon:added', 'wx-coupon:error']);
    button.click();
    await vi.waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    expect(button.disabled).toBe(true);
    const event = await added;
    expect(event.type).toBe('wx-coupon:added');
    expect(event.detail.cards).toMatchObject([{ cardId: CARD, isSuccess: true }]);
    expect(JSON.parse(event.detail.cards[0].cardExt).outer_str).toBe('banner');
    expect(button.hasAttribute('aria-busy')).toBe(false);
    expect(button.disabled).toBe(false);
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(1);
  });

  it('prefetches card_ext when binding, so the tap makes no card_ext request', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    bind(lib);
    await vi.waitFor(() => expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(1));
    const done = nextEvent(document, ['wx-coupon:added', 'wx-coupon:error']);
    document.querySelector('button')!.click();
    expect((await done).type).toBe('wx-coupon:added');
    // One for the tap (prefetched), one prefetched again for the next tap.
    await vi.waitFor(() => expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(2));
  });

  it('verifies the page when binding, so the first tap reaches the sheet with no request at all', async () => {
    let requestsAtSheet = -1;
    const { lib, sim } = await openPage('/coupon', {
      answer: () => {
        requestsAtSheet = server.requests.length;
        return { action: 'confirm' };
      },
    });
    const server = serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button><button data-wx-choose-card>选券</button>`;
    bind(lib);
    await vi.waitFor(() => expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI' && c.reply)).toHaveLength(1));
    await vi.waitFor(() => expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(1));
    const before = server.requests.length;
    const done = nextEvent(document, ['wx-coupon:added', 'wx-coupon:error']);
    document.querySelector('button')!.click();
    expect((await done).type).toBe('wx-coupon:added');
    expect(requestsAtSheet).toBe(before); // nothing between the tap and WeChat's sheet
    expect(sim!.calls.filter((c) => c.name === 'preVerifyJSAPI')).toHaveLength(1); // one wx.config for both buttons
  });

  it('warms up once per page URL: re-rendered buttons do not keep asking a failing signature endpoint', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant({ faults: { signature: 'http500' } });
    lib.configure(options);
    bind(lib);
    const signatures = () => server.requests.filter((r) => r.route === 'signature');
    await render(`<button data-wx-add-card="${CARD}">领取</button>`);
    expect(signatures()).toHaveLength(1); // the warm-up
    // Joins the warm-up's verification, and settles once it has failed: from then on another
    // warm-up would ask the endpoint again at once.
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED' });
    expect(signatures()).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      await render(`<button data-wx-add-card="${CARD}">领取</button>`);
      expect(signatures()).toHaveLength(1);
    }
    history.pushState(null, '', '/coupon/next'); // a new route warms up again
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    await vi.waitFor(() => expect(server.requests.filter((r) => r.route === 'signature')).toHaveLength(2));
  });

  it('warms up again after configure(): the new options’ endpoint is asked, not skipped as already warmed', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant({ faults: { signature: 'http500' } });
    lib.configure(options);
    bind(lib);
    await render(`<button data-wx-add-card="${CARD}">领取</button>`);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED' });
    lib.configure({ ...options, signatureUrl: '/api/wx/signature?v=2' }); // the page fixes its endpoint
    await render(`<button data-wx-add-card="${CARD}">领取</button>`);
    expect(server.requests.filter((r) => r.route === 'signature').map((r) => new URL(r.url, location.href).searchParams.get('v'))).toEqual([null, '2']);
  });

  it('prepares a form bound while the page is still parsed once the document is parsed, with its card ids', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    try {
      bind(lib); // as a module page does from an inline script at the end of <body>
      await render(`<form data-wx-add-card><input type="hidden" name="card_id" value="${OTHER}"></form>`);
      expect(server.requests.filter((r) => r.route === 'card-ext')).toHaveLength(0); // not complete yet, maybe
      readyState.mockReturnValue('interactive');
      document.dispatchEvent(new Event('DOMContentLoaded'));
      expect(server.requests.filter((r) => r.route === 'card-ext').map((r) => r.body)).toEqual([{ cardId: OTHER }]);
    } finally {
      readyState.mockRestore();
    }
  });

  it('warms buttons up again for new options: bindButtons again after configure() prefetches through them', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    bind(lib);
    await render(`<button data-wx-add-card="${CARD}">领取</button>`);
    lib.configure({ ...options, cardExtUrl: '/api/wx/card-ext?v=2' });
    lib.bindButtons();
    const cardExts = server.requests.filter((r) => r.route === 'card-ext').map((r) => new URL(r.url, location.href).searchParams.get('v'));
    expect(cardExts).toEqual([null, '2']);
  });

  it('does not verify the page where cards cannot work', async () => {
    const { lib, sim } = await openPage('/coupon', { userAgent: UA.safari });
    const server = serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    bind(lib);
    // A warm-up sends its signature and card_ext requests while binding (see the tests above):
    // none went out, and the button says why.
    expect(server.requests).toHaveLength(0);
    expect(document.querySelector('button')!.getAttribute('data-wx-unsupported')).toBe('not-wechat');
    const event = nextEvent(document, ['wx-coupon:error']);
    document.querySelector('button')!.click();
    expect((await event).detail.error).toMatchObject({ code: 'NOT_WECHAT' });
    expect(server.requests).toHaveLength(0);
    expect(sim!.calls).toHaveLength(0);
  });

  it('keeps one prefetched card_ext per card however often buttons re-render', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    lib.configure(options);
    bind(lib);
    const cardExts = () => server.requests.filter((r) => r.route === 'card-ext');
    await render(`<button data-wx-add-card="${CARD}">领取</button>`);
    await lib.ready(); // the engine is loaded: each re-render now prefetches through it, at once
    expect(cardExts()).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      await render(`<button data-wx-add-card="${CARD}">领取</button>`);
      expect(cardExts()).toHaveLength(1);
    }
  });

  it('ignores a second tap while the first is in flight', async () => {
    const { lib, sim } = await openPage('/coupon', { answer: () => new Promise((r) => setTimeout(() => r({ action: 'confirm' }), 30)) });
    serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<a href="#" data-wx-add-card="${CARD}">领取</a>`;
    bind(lib);
    const link = document.querySelector('a')!;
    const done = nextEvent(document, ['wx-coupon:added']);
    link.click();
    await vi.waitFor(() => expect(link.getAttribute('aria-busy')).toBe('true'));
    link.click();
    await done;
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(1);
  });

  it('sends wx-coupon:cancel when the user closes the sheet', async () => {
    const { lib } = await openPage('/coupon', { answer: () => ({ action: 'cancel' }) });
    serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    bind(lib);
    const event = nextEvent(document, ['wx-coupon:cancel', 'wx-coupon:added', 'wx-coupon:error']);
    document.querySelector('button')!.click();
    const { type, detail } = await event;
    expect(type).toBe('wx-coupon:cancel');
    expect(detail.error).toMatchObject({ code: 'CANCELLED' });
  });

  it('adds the checked cards of a form', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<form data-wx-add-card data-outer-str="form">
      <label><input type="checkbox" name="card_id" value="${CARD}" checked> A</label>
      <label><input type="checkbox" name="card_id" value="${OTHER}"> B</label>
      <button type="submit">领取</button></form>`;
    bind(lib);
    const event = nextEvent(document, ['wx-coupon:added', 'wx-coupon:error']);
    document.querySelector('form')!.requestSubmit(document.querySelector('button')!);
    expect((await event).detail.cards.map((c: { cardId: string }) => c.cardId)).toEqual([CARD]);
    expect(sim!.calls.find((c) => c.name === 'batchAddCard')?.args.card_list).toHaveLength(1);
  });

  it('handles choose and open buttons, including ones added later', async () => {
    const { lib } = await openPage('/use', { cards: [{ cardId: CARD, code: '110201201245' }] });
    serveMerchant();
    lib.configure(options);
    bind(lib);
    document.body.innerHTML = `<button data-wx-choose-card data-shop-id="12">用券</button><button data-wx-open-card="${CARD}" data-code="110201201245">查看</button>`;
    const chosen = nextEvent(document, ['wx-coupon:chosen', 'wx-coupon:error']);
    (document.querySelector('[data-wx-choose-card]') as HTMLElement).click();
    expect((await chosen).detail.cards).toMatchObject([{ cardId: CARD, encryptCode: expect.any(String) }]);
    const opened = nextEvent(document, ['wx-coupon:opened', 'wx-coupon:error']);
    (document.querySelector('[data-wx-open-card]') as HTMLElement).click();
    expect((await opened).type).toBe('wx-coupon:opened');
  });

  it('marks buttons where cards cannot work, and a tap reports the CouponError', async () => {
    const { lib } = await openPage('/coupon', false);
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.android('6.0.1'));
    const server = serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    expect(lib.markEnvironment()).toBe('version-too-low');
    expect(document.documentElement.getAttribute('data-wx-coupon')).toBe('version-too-low');
    bind(lib);
    const button = document.querySelector('button')!;
    expect(button.getAttribute('data-wx-unsupported')).toBe('version-too-low');
    const event = nextEvent(document, ['wx-coupon:error']);
    button.click();
    expect((await event).detail.error).toMatchObject({ code: 'VERSION_TOO_LOW' });
    expect(server.requests).toHaveLength(0);
  });

  it('reports a tap before configure() as wx-coupon:error', async () => {
    const { lib } = await openPage('/coupon');
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    bind(lib);
    const event = nextEvent(document, ['wx-coupon:error']);
    document.querySelector('button')!.click();
    expect((await event).detail.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('unbinds', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    const button = document.querySelector('button')!;
    const tap = () => button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const unbind = bind(lib);
    expect(lib.bindButtons()).toBe(unbind); // binding twice does not double the handlers
    // Bound, a tap is taken at once: default prevented, the button busy before any await.
    const added = nextEvent(document, ['wx-coupon:added', 'wx-coupon:error']);
    expect(tap()).toBe(false);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect((await added).type).toBe('wx-coupon:added');
    unbind();
    expect(tap()).toBe(true); // nobody took it
    expect(button.hasAttribute('aria-busy')).toBe(false);
    expect(sim!.calls.filter((c) => c.name === 'batchAddCard')).toHaveLength(1);
  });

  it('writes a wx-coupon:error no listener handled to the console, and not one a listener handled', async () => {
    const { lib } = await openPage('/coupon', { userAgent: UA.safari });
    lib.configure(options);
    document.body.innerHTML = `<button data-wx-add-card="${CARD}">领取</button>`;
    bind(lib);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unhandled = new Promise((resolve) => document.addEventListener('wx-coupon:error', resolve, { once: true }));
    document.querySelector('button')!.click();
    await unhandled;
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]![0]).toMatch(/^wx-coupon:error NOT_WECHAT: Not inside WeChat: .*preventDefault/);
    const handle = (event: Event) => event.preventDefault();
    document.addEventListener('wx-coupon:error', handle, { once: true });
    const handled = nextEvent(document, ['wx-coupon:error']);
    document.querySelector('button')!.click();
    await handled;
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
