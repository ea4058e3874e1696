// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, closePage, openPage } from '../../helpers/browserPage';
import { serveMerchant } from '../../helpers/merchantServer';
import { mutationHandled } from '../../helpers/mutations';

afterEach(closePage);

function scriptTag(data: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  Object.assign(script.dataset, data);
  return script;
}

describe('the script tag configures itself from its data attributes', () => {
  it('does nothing without data attributes: calls say to configure()', async () => {
    const { lib } = await openPage('/coupon');
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    expect(autoConfigure(scriptTag({ fallback: 'true' }))).toBe(false);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('configure(') });
    expect(document.documentElement.hasAttribute('data-wx-coupon')).toBe(false);
  });

  it('says that data-app-id is missing when endpoints are given without it', async () => {
    await openPage('/coupon');
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    expect(() => autoConfigure(scriptTag({ signatureUrl: '/api/wx/signature' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^data-app-id is missing/) }));
  });

  it.each([
    [{ appid: APP_ID, signatureUrl: '/s' }, /^data-appid is not an attribute wx-coupon reads: did you mean data-app-id\?$/],
    [{ appId: APP_ID, signature_url: '/s' }, /did you mean data-signature-url\?$/],
    [{ appId: 'wx123', signatureUrl: '/s' }, /^data-app-id "wx123" is not an AppID: .*"wx" and 16 hex digits/],
    [{ appId: APP_ID, signatureUrl: 'javascript:alert(1)' }, /^data-signature-url "javascript:alert\(1\)" is not an http\(s\) URL/],
    [{ appId: APP_ID, signatureUrl: '/s', timeoutMs: 'soon' }, /^data-timeout-ms must be a positive number of milliseconds/],
  ])('names the data attribute that is wrong: %o', async (data, message) => {
    await openPage('/coupon');
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    expect(() => autoConfigure(scriptTag(data))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });

  it('binds buttons even when its configuration is wrong, so a tap reports it instead of doing nothing', async () => {
    const { lib } = await openPage('/coupon');
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    document.body.innerHTML = '<button data-wx-add-card="pFS7Fjg8kV1IdDz01r4SQwMkuCKc">领取</button>';
    expect(() => autoConfigure(scriptTag({ appId: 'wx123', signatureUrl: '/s' }))).toThrow(/data-app-id/);
    const errors: unknown[] = [];
    document.addEventListener('wx-coupon:error', (event) => errors.push((event as CustomEvent).detail.error), { once: true });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    document.querySelector('button')!.click();
    await vi.waitFor(() => expect(errors).toMatchObject([{ code: 'INVALID_ARGUMENT', message: expect.stringContaining('before configure()') }]));
    lib.bindButtons()(); // unbind for the next test
  });

  it('configures, marks <html> and binds buttons', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    document.body.innerHTML = '<button data-wx-add-card="pFS7Fjg8kV1IdDz01r4SQwMkuCKc">领取</button>';
    expect(autoConfigure(scriptTag({ appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', timeoutMs: '500' }))).toBe(true);
    expect(document.documentElement.getAttribute('data-wx-coupon')).toBe('ready');
    await expect(lib.ready()).resolves.toBeUndefined();
    // Bound: the add button's card_ext was prefetched from data-card-ext-url.
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-ext', 'signature']);
  });

  it('asks wx.config for the page’s own APIs from data-js-api-list too', async () => {
    const { lib, sim } = await openPage('/coupon');
    serveMerchant();
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    autoConfigure(scriptTag({ appId: APP_ID, signatureUrl: '/api/wx/signature', jsApiList: 'updateAppMessageShareData, chooseImage' }));
    await lib.ready();
    const config = sim!.calls.find((c) => c.name === 'preVerifyJSAPI');
    expect(config?.args.verifyJsApiList).toEqual(expect.arrayContaining(['updateAppMessageShareData', 'chooseImage', 'batchAddCard']));
  });

});

describe('the script tag in <head>, while the page is still parsed', () => {
  const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';

  it('asks for a button’s card_ext as the parser adds it, before DOMContentLoaded; a form once it is complete', async () => {
    await openPage('/coupon');
    const server = serveMerchant();
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const { autoConfigure } = await import('../../../src/page/dom/autoConfigure');
    try {
      autoConfigure(scriptTag({ appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext' }));
      const cardExts = () => server.requests.filter((r) => r.route === 'card-ext').map((r) => r.body);
      let handled = mutationHandled();
      document.body.insertAdjacentHTML('beforeend', `<button data-wx-add-card="${CARD}">领取</button>`);
      await handled;
      expect(cardExts()).toEqual([{ cardId: CARD }]); // the parser has not reached the end of the page yet
      // A form the parser is still filling: its checkboxes are not there yet, so it waits.
      handled = mutationHandled();
      document.body.insertAdjacentHTML('beforeend', '<form data-wx-add-card><input type="hidden" name="card_id" value="pFS7Fjg8kV1IdDz01r4SQwMkuXYZ"></form>');
      await handled;
      expect(cardExts()).toHaveLength(1);
      readyState.mockReturnValue('interactive');
      document.dispatchEvent(new Event('DOMContentLoaded'));
      expect(cardExts()).toEqual([{ cardId: CARD }, { cardId: 'pFS7Fjg8kV1IdDz01r4SQwMkuXYZ' }]);
    } finally {
      readyState.mockRestore();
      document.body.replaceChildren();
    }
  });
});
