// An independent client against the stand-in: node-webot's wechat-api (a devDependency),
// pointed at it over HTTP through its own `endpoint` / `fileServerPrefix` properties. It
// builds its own URLs and bodies from WeChat's documentation, so a path or field the
// stand-in got wrong shows up here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeChatApiStandIn, type RunningStandIn, type StandInCardEvent } from '../../../src/simulator/api';
import { APP_ID, APP_SECRET } from '../../server/fixtures';
import { groupon } from './cardWorld';

type Callback = (error: (Error & { code?: number }) | null, result: any) => void;
type WechatApi = Record<string, (...args: any[]) => void> & { endpoint: string; fileServerPrefix: string };
const WechatAPI = createRequire(import.meta.url)('wechat-api') as new (appId: string, secret: string) => WechatApi;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0e6c5a60000000049454e44ae426082', 'hex');

let running: RunningStandIn;
let client: WechatApi;
let dir: string;
const events: StandInCardEvent[] = [];
/** A wechat-api method as a promise: resolves with the answer, rejects with WeChat's errcode. */
const call = (method: string, ...args: unknown[]) => new Promise<any>((resolve, reject) => (client[method] as (...a: unknown[]) => void)(...args, ((error, result) => (error ? reject(error) : resolve(result))) as Callback));

beforeAll(async () => {
  running = await startWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, onCardEvent: (event) => events.push(event) });
  client = new WechatAPI(APP_ID, APP_SECRET);
  client.endpoint = running.url;
  client.fileServerPrefix = `${running.url}/cgi-bin/`;
  dir = mkdtempSync(join(tmpdir(), 'wx-coupon-wechat-api-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await running.close();
});

describe('wechat-api (node-webot) against the stand-in', () => {
  it('runs a coupon\'s life: logo, create, get, list, stock, QR code, whitelist, code get, decrypt, consume, unavailable, delete', async () => {
    const logoPath = join(dir, 'logo.png');
    writeFileSync(logoPath, PNG);
    const logo = await call('uploadLogo', logoPath);
    expect(logo.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);

    const card = groupon({ logo_url: logo.url });
    const created = await call('createCard', card);
    expect(created).toMatchObject({ errcode: 0, card_id: expect.stringMatching(/^p/) });
    const cardId = created.card_id as string;
    expect((await call('getCard', cardId)).card.groupon.base_info).toMatchObject({ id: cardId, title: '132元双人火锅套餐', status: 'CARD_STATUS_VERIFY_OK' });
    expect(await call('getCards', 0, 10)).toMatchObject({ card_id_list: [cardId], total_num: 1 });
    expect(await call('updateCardStock', cardId, 100)).toMatchObject({ errcode: 0 });
    expect(await call('updateCardStock', cardId, -50)).toMatchObject({ errcode: 0 });
    expect((await call('getCard', cardId)).card.groupon.base_info.sku).toEqual({ quantity: 500050, total_quantity: 500050 });
    expect(await call('updateCard', cardId, 'GROUPON', { base_info: { description: '周末可用' } })).toMatchObject({ errcode: 0, send_check: false });

    // createCardQRCode sends expire_seconds: null when it is not given; WeChat takes that as permanent.
    const qr = await call('createCardQRCode', { card: { card_id: cardId, outer_str: 'wechat-api' } });
    expect(qr).toMatchObject({ errcode: 0, ticket: expect.any(String), url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\//), show_qrcode_url: expect.stringContaining(`${running.url}/__sim/showqrcode?ticket=`) });
    expect(await call('setTestWhitelist', { openid: ['o1Pj9jmZvwSyyyyyyBa4aULW2mA'] })).toMatchObject({ errcode: 0 });

    // The simulated user scans the QR code: the stand-in issues the code.
    const scanned = (await (await fetch(`${running.url}/__sim/scan`, { method: 'POST', body: JSON.stringify({ ticket: qr.ticket }) })).json()) as { card_list: Array<{ code: string; encrypt_code: string }> };
    const [{ code, encrypt_code }] = scanned.card_list as [{ code: string; encrypt_code: string }];
    expect(await call('getCode', code, cardId)).toMatchObject({ errcode: 0, can_consume: true, user_card_status: 'NORMAL', card: { card_id: cardId } });
    expect(await call('decryptCode', encrypt_code)).toMatchObject({ errcode: 0, code });
    expect(await call('consumeCode', code, cardId)).toMatchObject({ errcode: 0, card: { card_id: cardId }, openid: running.standIn.simulatedOpenid() });
    expect(events.find((e) => e.Event === 'user_consume_card')).toMatchObject({ UserCardCode: code, OuterStr: 'wechat-api' });
    await expect(call('consumeCode', code, cardId)).rejects.toMatchObject({ code: 40099 });
    await expect(call('consumeCode', '111122223333', undefined)).rejects.toMatchObject({ code: 40056 });
    await expect(call('decryptCode', 'bm90IGEgY29kZQ==')).rejects.toMatchObject({ code: 40056 });

    const other = running.standIn.addCard({ cardId });
    expect(await call('unavailableCode', other.code, cardId)).toMatchObject({ errcode: 0 });
    await expect(call('consumeCode', other.code, cardId)).rejects.toMatchObject({ code: 40056 });
    expect(await call('deleteCard', cardId)).toMatchObject({ errcode: 0 });
    await expect(call('deleteCard', cardId)).rejects.toMatchObject({ code: 40073 });
    await expect(call('getCard', 'pNoSuchCard')).rejects.toMatchObject({ code: 40073 });
  });
});
