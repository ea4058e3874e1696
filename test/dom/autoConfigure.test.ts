// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, closePage, openPage } from '../helpers/browserPage';
import { serveMerchant } from '../helpers/merchantServer';

afterEach(closePage);

function scriptTag(data: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  Object.assign(script.dataset, data);
  return script;
}

describe('the script tag configures itself from its data attributes', () => {
  it('does nothing without data-app-id: calls say to configure()', async () => {
    const { lib } = await openPage('/coupon');
    const { autoConfigure } = await import('../../src/dom/autoConfigure');
    expect(autoConfigure(scriptTag({ signatureUrl: '/api/wx/signature' }))).toBe(false);
    await expect(lib.ready()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('configure(') });
    expect(document.documentElement.hasAttribute('data-wx-coupon')).toBe(false);
  });

  it('configures, marks <html> and binds buttons', async () => {
    const { lib } = await openPage('/coupon');
    const server = serveMerchant();
    const { autoConfigure } = await import('../../src/dom/autoConfigure');
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
    const { autoConfigure } = await import('../../src/dom/autoConfigure');
    autoConfigure(scriptTag({ appId: APP_ID, signatureUrl: '/api/wx/signature', jsApiList: 'updateAppMessageShareData, chooseImage' }));
    await lib.ready();
    const config = sim!.calls.find((c) => c.name === 'preVerifyJSAPI');
    expect(config?.args.verifyJsApiList).toEqual(expect.arrayContaining(['updateAppMessageShareData', 'chooseImage', 'batchAddCard']));
  });

  it('refuses a bad data-timeout-ms loudly rather than guessing', async () => {
    await openPage('/coupon');
    const { autoConfigure } = await import('../../src/dom/autoConfigure');
    expect(() => autoConfigure(scriptTag({ appId: APP_ID, signatureUrl: '/s', timeoutMs: 'soon' }))).toThrow(/timeoutMs/);
  });
});
