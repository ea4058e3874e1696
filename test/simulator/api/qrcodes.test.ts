import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeChatApiStandIn, type RunningStandIn, type StandInCardEvent } from '../../../src/simulator/api';
import { APP_ID, APP_SECRET, call } from '../../server/fixtures';
import { cardWorld, groupon } from './cardWorld';

// 1×1 PNG and a JPEG header: what uploadimg sniffs.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0e6c5a60000000049454e44ae426082', 'hex');

function upload(fetchImpl: (input: string, init?: RequestInit) => Promise<Response>, base: string, token: string, bytes: Uint8Array, field = 'buffer') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), 'logo.png');
  return fetchImpl(`${base}/cgi-bin/media/uploadimg?access_token=${token}`, { method: 'POST', body: form }).then((r) => r.json() as Promise<Record<string, any>>);
}

describe('WeChat API stand-in: card/qrcode/create', () => {
  it('QR_CARD: ticket, url on weixin.qq.com, show_qrcode_url on the stand-in; expire_seconds 60..1800', async () => {
    const { api, create } = await cardWorld();
    const cardId = await create();
    const answer = await api('card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 1800, action_info: { card: { card_id: cardId, outer_str: 'door', is_unique_code: false } } });
    expect(answer).toEqual({
      errcode: 0,
      errmsg: 'ok',
      ticket: expect.stringMatching(/^gQ[\w-]+=*$/),
      expire_seconds: 1800,
      url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\/[\w-]{22}$/),
      show_qrcode_url: `https://api.weixin.qq.com/__sim/showqrcode?ticket=${encodeURIComponent(answer.ticket)}`,
    });
    expect(await api('card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: cardId } } })).toMatchObject({ errcode: 0, expire_seconds: 0 });
    expect(await api('card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 30, action_info: { card: { card_id: cardId } } })).toMatchObject({ errcode: 40097 });
    expect(await api('card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc' } } })).toMatchObject({ errcode: 40073 });
    expect(await api('card/qrcode/create', { action_name: 'QR_SCENE', action_info: {} })).toMatchObject({ errcode: 40053 });
    expect(await api('card/qrcode/create', { action_name: 'QR_MULTIPLE_CARD', action_info: { multiple_card: { card_list: Array(6).fill({ card_id: cardId }) } } })).toMatchObject({ errcode: 40053 });
  });

  it('builds show_qrcode_url on publicUrl when given (in-process calls to api.weixin.qq.com, a dev server elsewhere)', async () => {
    const { api, create } = await cardWorld({ publicUrl: 'http://localhost:5173/__wx-api/' });
    const answer = await api('card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: await create() } } });
    expect(answer.show_qrcode_url).toBe(`http://localhost:5173/__wx-api/__sim/showqrcode?ticket=${encodeURIComponent(answer.ticket)}`);
  });

  it('a scan adds the card(s) with the QR code\'s outer_str; a unique-code ticket scans once; an expired one not at all', async () => {
    const { api, create, events, sim, clock } = await cardWorld();
    const [a, b] = [await create(), await create()];
    const multiple = await api('card/qrcode/create', { action_name: 'QR_MULTIPLE_CARD', action_info: { multiple_card: { card_list: [{ card_id: a, outer_str: 'wall' }, { card_id: b }] } } });
    const scanned = await sim(`scan?ticket=${encodeURIComponent(multiple.ticket)}`, {});
    expect(scanned.card_list.map((c: Record<string, unknown>) => [c.card_id, c.is_succ])).toEqual([[a, 1], [b, 1]]);
    expect(events.filter((e: StandInCardEvent) => e.Event === 'user_get_card').map((e) => [e.CardId, e.OuterStr])).toEqual([[a, 'wall'], [b, '']]);

    const unique = await api('card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 60, action_info: { card: { card_id: a, is_unique_code: true } } });
    expect((await sim('scan', { ticket: unique.ticket })).errcode).toBe(0);
    expect(await sim('scan', { ticket: unique.ticket })).toMatchObject({ errcode: 40053, errmsg: expect.stringContaining('already scanned') });
    const short = await api('card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 60, action_info: { card: { card_id: b } } });
    clock.advance(60_000);
    expect(await sim('scan', { ticket: short.ticket })).toMatchObject({ errcode: 40053 });
  });

  it('card/landingpage/create answers url and page_id, checking every card', async () => {
    const { api, create } = await cardWorld();
    const cardId = await create();
    const page = { banner: 'http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZ/0', page_title: '惠城优惠大派送', can_share: true, scene: 'SCENE_NEAR_BY', card_list: [{ card_id: cardId, thumb_url: 'http://mmbiz.qpic.cn/mmbiz/thumb/0' }] };
    expect(await api('card/landingpage/create', page)).toEqual({ errcode: 0, errmsg: 'ok', url: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\//), page_id: 1 });
    expect(await api('card/landingpage/create', { ...page, scene: 'SCENE_MOON' })).toMatchObject({ errcode: 40097 });
    expect(await api('card/landingpage/create', { ...page, card_list: [{ card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc', thumb_url: 'x' }] })).toMatchObject({ errcode: 40073 });
    expect(await api('card/landingpage/create', { ...page, page_title: undefined })).toMatchObject({ errcode: 41011 });
  });
});

describe('over HTTP: show_qrcode_url, uploaded logos', () => {
  let running: RunningStandIn;
  let token: string;
  beforeAll(async () => {
    running = await startWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET });
    const fetchHttp = (input: string, init?: RequestInit) => fetch(input.replace('https://api.weixin.qq.com', running.url), init);
    token = (await call(fetchHttp, 'cgi-bin/stable_token', {}, { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET })).access_token;
  });
  afterAll(() => running.close());
  const post = async (path: string, body: unknown) => (await fetch(`${running.url}/${path}?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<Record<string, any>>;

  it('serves the QR code page at show_qrcode_url: an SVG QR code of the ticket\'s url, and a scan button that adds the card', async () => {
    const logo = await upload(fetch, running.url, token, PNG);
    const cardId = (await post('card/create', { card: groupon({ logo_url: logo.url }) })).card_id as string;
    const qr = await post('card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: cardId } } });
    expect(qr.show_qrcode_url.startsWith(`${running.url}/__sim/showqrcode?ticket=`)).toBe(true);
    const page = await fetch(qr.show_qrcode_url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain(`data-qr-url="${qr.url}"`);
    expect(html).toContain('132元双人火锅套餐');
    const scanned = await fetch(new URL(/action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'), qr.show_qrcode_url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(await scanned.text()).toMatch(/已领取，券码 \d{12}/);
    expect((await fetch(`${running.url}/__sim/showqrcode?ticket=nope`)).status).toBe(404);
  });

  it('media/uploadimg: png or jpg up to 1 MB, in the multipart field "buffer"; answered on mmbiz.qpic.cn and served back', async () => {
    const logo = await upload(fetch, running.url, token, PNG);
    expect(logo).toEqual({ url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\/[\w-]+\/0$/) });
    const cardId = (await post('card/create', { card: groupon({ logo_url: logo.url }) })).card_id as string;
    const look = (await (await fetch(`${running.url}/__sim/cards/${cardId}`)).json()) as Record<string, any>;
    expect(look.card).toMatchObject({ card_id: cardId, title: '132元双人火锅套餐', color: '#63b359', color_name: 'Color010', logo_url: expect.stringMatching(/^__sim\/media\//) });
    const image = await fetch(`${running.url}/${look.card.logo_url}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    expect(await upload(fetch, running.url, token, Buffer.from('GIF89a....'))).toMatchObject({ errcode: 40005 });
    expect(await upload(fetch, running.url, token, Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]))).toMatchObject({ errcode: 40009 });
    expect(await upload(fetch, running.url, token, PNG, 'media')).toMatchObject({ errcode: 41011 });
    expect(await upload(fetch, running.url, 'bad-token', PNG)).toMatchObject({ errcode: 40001 });
  });

  it('cuts a chunked upload that announces no length at the cap: 40009, and keeps serving', async () => {
    const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = httpRequest(`${running.url}/cgi-bin/media/uploadimg?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write(Buffer.alloc(64 * 1024, 0x41)); // 2.5 MB, chunked
      req.end();
    });
    expect(answer).toMatchObject({ errcode: 40009 });
    expect((await upload(fetch, running.url, token, PNG)).url).toMatch(/^http:\/\/mmbiz/);
  });

  it('is reachable under the /__wx-api prefix a dev server forwards, with pages built on that prefix', async () => {
    const cardId = (await post('card/create', { card: groupon() })).card_id as string;
    const answer = (await (await fetch(`${running.url}/__wx-api/card/qrcode/create?access_token=${token}`, { method: 'POST', body: JSON.stringify({ action_name: 'QR_CARD', action_info: { card: { card_id: cardId } } }) })).json()) as Record<string, any>;
    expect(answer.show_qrcode_url.startsWith(`${running.url}/__wx-api/__sim/showqrcode?ticket=`)).toBe(true);
    expect((await fetch(answer.show_qrcode_url)).status).toBe(200);
  });
});
