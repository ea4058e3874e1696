// @vitest-environment happy-dom
// decryptCouponCode against the real coupon handler and the WeChat API stand-in: the page adds
// a card through the simulator living in the stand-in (which issues the code), then decrypts
// what WeChat handed back, as a redirect page or a chooseCard would.
import { afterEach, expect, it, vi } from 'vitest';
import { decryptCouponCode } from '../../src';
import { createWeChatApi } from '../../src/server';
import { APP_ID, APP_SECRET, closePage, openPage, STAND_IN_PATH } from '../helpers/browserPage';
import { serveMerchant } from '../helpers/merchantServer';
import { groupon } from '../simulator/api/cardWorld';

afterEach(closePage);

const decrypt = { url: '/api/wx/decrypt', timeoutMs: 1000 };

it('turns the encrypt_code WeChat handed back into the code WeChat issued, through your server', async () => {
  const { lib, standIn } = await openPage('/coupon', { standInUrl: STAND_IN_PATH });
  const server = serveMerchant();
  const cardId = standIn.createCard(groupon(), { approved: true });
  lib.configure({ appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', timeoutMs: 2000 });
  const [added] = await lib.addToCardsAndOffers({ cardId });
  expect(added).toMatchObject({ cardId, isSuccess: true });

  const code = await decryptCouponCode(added!.code, decrypt);
  expect(server.requests.filter((r) => r.route === 'decrypt').map((r) => r.body)).toEqual([{ encryptCode: added!.code }]);
  // The stand-in knows the code as the simulated user's, of this card.
  const api = createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch: standIn.fetch });
  expect(await api.codes.get({ code })).toMatchObject({ cardId, openid: standIn.simulatedOpenid() });
});

it('rejects DECRYPT_FAILED with the server’s status and code for an encrypt_code WeChat never issued', async () => {
  await openPage('/coupon');
  serveMerchant();
  const error = await decryptCouponCode('bm90LWEtY29kZQ==', decrypt).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'DECRYPT_FAILED', status: 400, serverCode: 'invalid_code', message: expect.stringContaining('does not know this code') });
});

it('rejects DECRYPT_FAILED for a server the handler refuses to decrypt for, and INVALID_ARGUMENT for bad input', async () => {
  await openPage('/coupon');
  serveMerchant({ handler: { authorizeDecrypt: () => false } });
  await expect(decryptCouponCode('bm90LWEtY29kZQ==', decrypt)).rejects.toMatchObject({ code: 'DECRYPT_FAILED', status: 403, serverCode: 'forbidden' });
  const fetch = vi.spyOn(globalThis, 'fetch');
  await expect(decryptCouponCode('', { url: '/d' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(decryptCouponCode('x', {} as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(fetch).not.toHaveBeenCalled();
});
