// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSimulatedCode } from '../../../src/simulator';
import { APP_ID, closePage, openPage } from '../../helpers/browserPage';
import { serveMerchant } from '../../helpers/merchantServer';

afterEach(closePage);

const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const OTHER = 'pFS7Fjg8kV1IdDz01r4SQwMkuXYZ';
const wallet = [
  { cardId: CARD, code: '110201201245' },
  { cardId: OTHER, code: '998877665544' },
];
const options = { appId: APP_ID, signatureUrl: '/api/wx/signature', cardSignUrl: '/api/wx/card-sign', timeoutMs: 1000 };

describe('chooseCard', () => {
  it.each(['json', 'array'] as const)('parses the chosen cards when the client answers a %s list', async (format) => {
    const { lib, sim } = await openPage('/use', { cards: wallet, chooseCardList: format, answer: () => ({ action: 'confirm', cardIds: [OTHER] }) });
    const server = serveMerchant();
    lib.configure(options);
    const chosen = await lib.chooseCard({ shopId: 123, cardType: 'GROUPON' });
    expect(chosen).toHaveLength(1);
    expect(chosen[0]?.cardId).toBe(OTHER);
    expect(decryptSimulatedCode(chosen[0]!.encryptCode)).toBe('998877665544');
    expect(server.requests.find((r) => r.route === 'card-sign')?.body).toEqual({ shopId: '123', cardType: 'GROUPON' });
    const call = sim!.calls.find((c) => c.name === 'chooseCard');
    expect(call?.args).toMatchObject({ app_id: APP_ID, location_id: '123', card_type: 'GROUPON', sign_type: 'SHA1' });
  });

  it('sends the signature and card-sign requests at once, beside the engine download, and asks nothing twice', async () => {
    const { lib } = await openPage('/use', { cards: wallet, answer: () => ({ action: 'confirm', cardIds: [CARD] }) });
    const server = serveMerchant();
    lib.configure(options);
    const chosen = lib.chooseCard({ cardId: CARD });
    // Synchronously: the engine (a separate chunk or companion file) has not arrived yet.
    expect(server.requests.map((r) => r.route).sort()).toEqual(['card-sign', 'signature']);
    expect((await chosen).map((c) => c.cardId)).toEqual([CARD]);
    expect(server.requests).toHaveLength(2);
    // With the engine here, the next call's card sign is the engine's to ask for: still one each.
    await lib.chooseCard({ cardId: CARD });
    expect(server.requests.map((r) => r.route)).toEqual(expect.arrayContaining(['card-sign', 'card-sign']));
    expect(server.requests.filter((r) => r.route === 'card-sign')).toHaveLength(2);
  });

  it('filters by card id', async () => {
    const { lib } = await openPage('/use', { cards: wallet });
    serveMerchant();
    lib.configure(options);
    expect((await lib.chooseCard({ cardId: CARD })).map((c) => c.cardId)).toEqual([CARD]);
  });

  it('rejects CANCELLED, and SIGNATURE_FAILED-free WECHAT_FAIL when WeChat refuses the card sign', async () => {
    let page = await openPage('/use', { cards: wallet, answer: () => ({ action: 'cancel' }) });
    serveMerchant();
    page.lib.configure(options);
    await expect(page.lib.chooseCard()).rejects.toMatchObject({ code: 'CANCELLED' });
    closePage();
    page = await openPage('/use', { cards: wallet });
    serveMerchant({ cardApiTicket: 'wrong' });
    page.lib.configure(options);
    await expect(page.lib.chooseCard()).rejects.toMatchObject({ code: 'WECHAT_FAIL', errMsg: 'chooseCard:invalid signature' });
  });

  it('needs a card-sign endpoint, and reports its failures', async () => {
    let page = await openPage('/use');
    serveMerchant();
    page.lib.configure({ appId: APP_ID, signatureUrl: '/api/wx/signature' });
    await expect(page.lib.chooseCard()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('cardSignUrl') });
    closePage();
    page = await openPage('/use');
    serveMerchant({ faults: { 'card-sign': 'http500' } });
    page.lib.configure(options);
    await expect(page.lib.chooseCard()).rejects.toMatchObject({ code: 'SIGNATURE_FAILED', request: expect.stringContaining('/api/wx/card-sign') });
  });

  it('rejects a bad filter', async () => {
    const { lib } = await openPage('/use');
    lib.configure(options);
    await expect(lib.chooseCard({ shopId: 'downtown' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(lib.chooseCard({ cardId: '<x>' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('openCard', () => {
  it('shows cards through batchViewCard', async () => {
    const { lib, sim } = await openPage('/use', { cards: wallet });
    serveMerchant();
    lib.configure(options);
    await expect(lib.openCard([{ cardId: CARD, code: '110201201245' }])).resolves.toBeUndefined();
    expect(sim!.calls.find((c) => c.name === 'batchViewCard')?.args.card_list).toEqual([{ card_id: CARD, code: '110201201245' }]);
  });

  it('rejects bad input', async () => {
    const { lib } = await openPage('/use');
    lib.configure(options);
    await expect(lib.openCard({ cardId: CARD, code: '1' } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(lib.openCard([{ cardId: CARD, code: '' }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
