// The card-management calls of createWeChatApi, against WeChat's published answers
// (test/fixtures/wechat-answers): what each sends, as WeChat documents it, and what it makes
// of the answer; retries, refusals and local checks.
import { describe, expect, it } from 'vitest';
import { CardValidationError, ImageRejectedError, NewCouponsRefusedError, UpstreamHttpError, WeChatApiError } from '../../src/server';
import { groupon, samples } from './cardSamples';
import { publishedAnswers, publishedWeChat } from './wechatAnswers';

const published = (name: string) => publishedAnswers[name]!.answer as Record<string, any>;

describe('api.cards', () => {
  it('create: validates, sends { card } with the token, answers the card_id', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.cards.create(samples.CASH!)).resolves.toEqual({ cardId: published('card_create').card_id });
    const [request] = wechat.to('card/create');
    expect(request).toMatchObject({ method: 'POST', query: { access_token: 'TOKEN-1' }, body: { card: samples.CASH } });
    // the wrapped form sends the same body
    await wechat.api.cards.create({ card: samples.GIFT! });
    expect(wechat.to('card/create')[1]!.body).toEqual({ card: samples.GIFT });
  });

  it('create: a definition breaking the rules throws CardValidationError listing each issue, and sends nothing', async () => {
    const wechat = publishedWeChat();
    const error = await wechat.api.cards.create(groupon({ title: '一二三四五六七八九十', color: 'Color999' as never })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardValidationError);
    expect(error).toMatchObject({ code: 'card_validation_failed', issues: [{ path: 'card.groupon.base_info.title' }, { path: 'card.groupon.base_info.color', value: 'Color999' }] });
    expect((error as Error).message).toMatch(/card\.groupon\.base_info\.title: at most 27 UTF-8 bytes.*\n.*card\.groupon\.base_info\.color/);
    expect(wechat.sent).toEqual([]);
  });

  it('create: a warning (a range starting later) is logged, not thrown', async () => {
    const warnings: unknown[] = [];
    const wechat = publishedWeChat();
    const api = wechat.makeApi({ logger: { warn: (...args: unknown[]) => warnings.push(args) } });
    const begin = wechat.clock.now() / 1000 + 86400;
    await api.cards.create(groupon({ date_info: { type: 'DATE_TYPE_FIX_TIME_RANGE', begin_timestamp: begin, end_timestamp: begin + 86400 } }));
    expect(warnings).toEqual([['wx-coupon: card definition warning', expect.objectContaining({ path: 'card.groupon.base_info.date_info.begin_timestamp' })]]);
  });

  it("create: WeChat's refusal of a new 优惠券 becomes NewCouponsRefusedError, saying so and pointing to WeChat Pay coupons", async () => {
    const wechat = publishedWeChat({ 'card/create': ['card_create_48001'] });
    const error = await wechat.api.cards.create(samples.GROUPON!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewCouponsRefusedError);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ code: 'new_coupons_refused', errcode: 48001, path: 'card/create', cardType: 'GROUPON' });
    expect((error as Error).message).toMatch(/2021-04-01.*WeChat Pay coupons/s);
  });

  it('create is not retried when WeChat is busy (a create that went through would make a second card)', async () => {
    const wechat = publishedWeChat({ 'card/create': ['busy', 'card_create'] });
    await expect(wechat.api.cards.create(samples.GROUPON!)).rejects.toMatchObject({ errcode: -1 });
    expect(wechat.to('card/create')).toHaveLength(1);
  });

  it('create is retried once with a fresh token when WeChat refuses the token (the call was not done)', async () => {
    const wechat = publishedWeChat({ 'card/create': ['token', 'card_create'] });
    await expect(wechat.api.cards.create(samples.GROUPON!)).resolves.toEqual({ cardId: published('card_create').card_id });
    expect(wechat.to('card/create')).toHaveLength(2);
  });

  it('get: sends card_id, answers type, review status and the card', async () => {
    const wechat = publishedWeChat();
    const fetched = await wechat.api.cards.get('p1Pj9jr90_SQRaVqYI239Ka1erkI');
    expect(wechat.to('card/get')[0]!.body).toEqual({ card_id: 'p1Pj9jr90_SQRaVqYI239Ka1erkI' });
    expect(fetched).toEqual({ cardId: 'p1Pj9jr90_SQRaVqYI239Ka1erkI', cardType: 'GROUPON', status: 'CARD_STATUS_VERIFY_OK', card: published('card_get').card });
  });

  it('get is retried when WeChat is busy, and an access_token WeChat echoes in errmsg is redacted', async () => {
    const wechat = publishedWeChat({ 'card/get': ['busy', 'card_get'] });
    await expect(wechat.api.cards.get('pid')).resolves.toMatchObject({ cardType: 'GROUPON' });
    expect(wechat.to('card/get')).toHaveLength(2);
    publishedAnswers.echo = { path: 'card/get', source: 'test', provenance: 'test', answer: { errcode: 40073, errmsg: 'invalid card id, access_token TOKEN-1 hint: [x]' } };
    try {
      const error = await publishedWeChat({ 'card/get': ['echo'] }).api.cards.get('pid').catch((e: unknown) => e);
      expect(error).toMatchObject({ errcode: 40073, errmsg: 'invalid card id, access_token [redacted] hint: [x]' });
      expect((error as Error).message).not.toContain('TOKEN-1');
    } finally {
      delete publishedAnswers.echo;
    }
  });

  it('get: an unknown card_id is a WeChatApiError with the hint', async () => {
    const wechat = publishedWeChat({ 'card/get': ['card_get_40073'] });
    const error = await wechat.api.cards.get('nope').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WeChatApiError', code: 'wechat_api_error', errcode: 40073 });
    expect((error as Error).message).toMatch(/invalid card_id: no such card for this account/);
  });

  it('batchGet: offset, count, status_list; answers ids and total', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.cards.batchGet({ offset: 0, count: 10, statusList: ['CARD_STATUS_VERIFY_OK'] })).resolves.toEqual({ cardIds: ['ph_gmt7cUVrlRk8swPwx7aDyF-pg'], totalNum: 1 });
    expect(wechat.to('card/batchget')[0]!.body).toEqual({ offset: 0, count: 10, status_list: ['CARD_STATUS_VERIFY_OK'] });
    await wechat.api.cards.batchGet();
    expect(wechat.to('card/batchget')[1]!.body).toEqual({ offset: 0, count: 50 });
    await expect(wechat.api.cards.batchGet({ count: 51 })).rejects.toThrow(/1 to 50/);
  });

  it('update: card_id beside the patch under the type key; answers send_check', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.cards.update('pid', { groupon: { base_info: { title: '新标题' } } })).resolves.toEqual({ sendCheck: false });
    expect(wechat.to('card/update')[0]!.body).toEqual({ card_id: 'pid', groupon: { base_info: { title: '新标题' } } });
    // checked like card/create, for the fields the patch has; nothing sent
    await expect(wechat.api.cards.update('pid', { base_info: {} } as never)).rejects.toMatchObject({ name: 'CardValidationError', issues: [{ path: 'patch' }] });
    const error = await wechat.api.cards.update('pid', { groupon: { base_info: { title: '一二三四五六七八九十', color: 'Color999' as never, sku: { quantity: 1 } } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardValidationError);
    expect((error as CardValidationError).issues.map((issue) => issue.path)).toEqual(['patch.groupon.base_info.title', 'patch.groupon.base_info.color', 'patch.groupon.base_info.sku']);
    await expect(wechat.api.cards.update('pid', { cash: { base_info: { title: '' } } })).rejects.toBeInstanceOf(CardValidationError);
    await expect(wechat.api.cards.update('pid', { discount: { discount: 100 } })).rejects.toBeInstanceOf(CardValidationError);
    expect(wechat.to('card/update')).toHaveLength(1);
  });

  it('modifyStock: +N increase_stock_value, -N reduce_stock_value; not retried on busy', async () => {
    const wechat = publishedWeChat();
    await wechat.api.cards.modifyStock('pid', 100);
    await wechat.api.cards.modifyStock('pid', -7);
    expect(wechat.to('card/modifystock').map((request) => request.body)).toEqual([
      { card_id: 'pid', increase_stock_value: 100 },
      { card_id: 'pid', reduce_stock_value: 7 },
    ]);
    for (const delta of [0, 1.5, Number.NaN]) await expect(wechat.api.cards.modifyStock('pid', delta)).rejects.toThrow(TypeError);
    const busy = publishedWeChat({ 'card/modifystock': ['busy', 'card_modifystock'] });
    await expect(busy.api.cards.modifyStock('pid', 1)).rejects.toMatchObject({ errcode: -1 });
    expect(busy.to('card/modifystock')).toHaveLength(1);
  });

  it('delete: sends card_id', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.cards.delete('pid')).resolves.toBeUndefined();
    expect(wechat.to('card/delete')[0]!.body).toEqual({ card_id: 'pid' });
  });
});

describe('api.qrcodes', () => {
  it('one card: QR_CARD with outer_str, is_unique_code, expire_seconds; answers ticket, url, showQrcodeUrl', async () => {
    const wechat = publishedWeChat();
    const answer = published('card_qrcode_create');
    await expect(wechat.api.qrcodes.create({ cardId: 'pid', outerStr: 'poster-1', expireSeconds: 1800, isUniqueCode: false })).resolves.toEqual({
      ticket: answer.ticket,
      url: answer.url,
      showQrcodeUrl: answer.show_qrcode_url,
      expireSeconds: 1800,
    });
    expect(wechat.to('card/qrcode/create')[0]!.body).toEqual({
      action_name: 'QR_CARD',
      expire_seconds: 1800,
      action_info: { card: { card_id: 'pid', outer_str: 'poster-1', is_unique_code: false } },
    });
  });

  it('several cards: QR_MULTIPLE_CARD with a card_list', async () => {
    const wechat = publishedWeChat();
    await wechat.api.qrcodes.create({ cards: [{ cardId: 'a', outerStr: 's' }, { cardId: 'b', code: '123' }] });
    expect(wechat.to('card/qrcode/create')[0]!.body).toEqual({
      action_name: 'QR_MULTIPLE_CARD',
      action_info: { multiple_card: { card_list: [{ card_id: 'a', outer_str: 's' }, { card_id: 'b', code: '123' }] } },
    });
  });

  it('refuses expire_seconds outside 60–1800 and card lists of 0 or more than 5, before sending', async () => {
    const wechat = publishedWeChat();
    for (const expireSeconds of [59, 1801, 1.5]) await expect(wechat.api.qrcodes.create({ cardId: 'a', expireSeconds })).rejects.toThrow(TypeError);
    await expect(wechat.api.qrcodes.create({ cards: [] })).rejects.toThrow(TypeError);
    await expect(wechat.api.qrcodes.create({ cards: Array.from({ length: 6 }, (_, i) => ({ cardId: String(i) })) })).rejects.toThrow(TypeError);
    await expect(wechat.api.qrcodes.create({ cardId: '' })).rejects.toThrow(/cardId/);
    expect(wechat.to('card/qrcode/create')).toEqual([]);
  });

  it('is retried when WeChat is busy (one more ticket costs nothing)', async () => {
    const wechat = publishedWeChat({ 'card/qrcode/create': ['busy', 'card_qrcode_create'] });
    await expect(wechat.api.qrcodes.create({ cardId: 'a' })).resolves.toMatchObject({ ticket: published('card_qrcode_create').ticket });
    expect(wechat.to('card/qrcode/create')).toHaveLength(2);
  });
});

describe('api.landingPages, api.testWhitelist, api.users', () => {
  it('landingPages.create: page_title, can_share, scene, card_list of card_id/thumb_url; answers url and page_id', async () => {
    const wechat = publishedWeChat();
    const page = await wechat.api.landingPages.create({ banner: 'http://mmbiz.qpic.cn/banner/0', title: '惠城优惠大派送', canShare: true, scene: 'SCENE_H5', cardList: [{ cardId: 'pid', thumbUrl: 'http://mmbiz.qpic.cn/thumb/0' }] });
    expect(page).toEqual({ url: 'www.test.url', pageId: 1 });
    expect(wechat.to('card/landingpage/create')[0]!.body).toEqual({
      banner: 'http://mmbiz.qpic.cn/banner/0',
      page_title: '惠城优惠大派送',
      can_share: true,
      scene: 'SCENE_H5',
      card_list: [{ card_id: 'pid', thumb_url: 'http://mmbiz.qpic.cn/thumb/0' }],
    });
  });

  it('testWhitelist.set: openid and username lists, at least one user', async () => {
    const wechat = publishedWeChat();
    await wechat.api.testWhitelist.set({ openids: ['o1', 'o2'], usernames: ['tst-user'] });
    await wechat.api.testWhitelist.set({ usernames: ['usr1', 'usr2'] });
    expect(wechat.to('card/testwhitelist/set').map((request) => request.body)).toEqual([{ openid: ['o1', 'o2'], username: ['tst-user'] }, { username: ['usr1', 'usr2'] }]);
    await expect(wechat.api.testWhitelist.set({})).rejects.toThrow(TypeError);
    await expect(wechat.api.testWhitelist.set({ openids: [''] })).rejects.toThrow(TypeError);
  });

  it('users.cardList: the codes the user holds', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.users.cardList({ openid: 'o1', cardId: 'pid' })).resolves.toEqual([
      { cardId: 'xxxxxxxxxx', code: 'xxx1434079154' },
      { cardId: 'xxxxxxxxxx', code: 'xxx1434079155' },
    ]);
    expect(wechat.to('card/user/getcardlist')[0]!.body).toEqual({ openid: 'o1', card_id: 'pid' });
  });
});

describe('api.codes', () => {
  it('get: code, card_id, check_consume; answers card, owner, state and validity', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.codes.get({ code: '110201201245', cardId: 'pid', checkConsume: true })).resolves.toEqual({
      cardId: 'pbLatjk4T4Hx-QFQGL4zGQy27_Qg',
      openid: 'obLatjm43RA5C6QfMO5szKYnT3dM',
      canConsume: true,
      userCardStatus: 'NORMAL',
      beginTime: 1457452800,
      endTime: 1463155199,
    });
    expect(wechat.to('card/code/get')[0]!.body).toEqual({ code: '110201201245', card_id: 'pid', check_consume: true });
  });

  it('get: an unknown code is errcode 40056, logged at debug', async () => {
    const debug: unknown[] = [];
    const wechat = publishedWeChat({ 'card/code/get': ['card_code_get_40056'] });
    const api = wechat.makeApi({ logger: { debug: (...args: unknown[]) => debug.push(args), warn: () => expect.unreachable('an unknown code is not a warning') } });
    await expect(api.codes.get({ code: '707908', cardId: 'pid', checkConsume: true })).rejects.toMatchObject({ errcode: 40056, path: 'card/code/get' });
    expect(debug).toHaveLength(1);
  });

  it('consume and decrypt are the existing consumeCode and decryptCode', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.codes.consume({ code: '12312313' })).resolves.toEqual({ code: '12312313', cardId: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc', openid: 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA' });
    await expect(wechat.api.consumeCode({ code: '12312313' })).resolves.toMatchObject({ cardId: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc' });
    await expect(wechat.api.codes.decrypt('XXIzTtMqCxwOaawoE91+VJdsFmv7b8g0VZIZkqf4GWA60Fzpc8ksZ/5ZZ0DVkXdE')).resolves.toBe('751234212312');
    expect(wechat.to('card/code/decrypt')[0]!.body).toEqual({ encrypt_code: 'XXIzTtMqCxwOaawoE91+VJdsFmv7b8g0VZIZkqf4GWA60Fzpc8ksZ/5ZZ0DVkXdE' });
  });

  it('markUnavailable: code, card_id, reason; not retried on busy', async () => {
    const wechat = publishedWeChat();
    await wechat.api.codes.markUnavailable({ code: '12312313', cardId: 'pid', reason: '退款' });
    expect(wechat.to('card/code/unavailable')[0]!.body).toEqual({ code: '12312313', card_id: 'pid', reason: '退款' });
    const busy = publishedWeChat({ 'card/code/unavailable': ['busy', 'card_code_unavailable'] });
    await expect(busy.api.codes.markUnavailable({ code: '1' })).rejects.toMatchObject({ errcode: -1 });
    expect(busy.to('card/code/unavailable')).toHaveLength(1);
  });
});

describe('api.media.uploadImage', () => {
  const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const jpg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

  it('sends the image as the multipart field `buffer`, named by what it is, and answers the url', async () => {
    const wechat = publishedWeChat();
    await expect(wechat.api.media.uploadImage(png(), { filename: 'logo.jpeg' })).resolves.toEqual({ url: published('media_uploadimg').url });
    const [request] = wechat.to('cgi-bin/media/uploadimg');
    expect(request!.query).toEqual({ access_token: 'TOKEN-1' });
    const file = (request!.body as FormData).get('buffer') as File;
    expect(file.name).toBe('logo.png'); // the bytes are a PNG, whatever the name said
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png());
  });

  it('takes a Blob and a path too', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const wechat = publishedWeChat();
    await wechat.api.media.uploadImage(new Blob([jpg()]));
    const path = join(mkdtempSync(join(tmpdir(), 'wx-coupon-')), 'brand logo.jpg');
    writeFileSync(path, jpg());
    await wechat.api.media.uploadImage(path);
    const names = wechat.to('cgi-bin/media/uploadimg').map((request) => ((request.body as FormData).get('buffer') as File).name);
    expect(names).toEqual(['image.jpg', 'brand logo.jpg']);
  });

  it('refuses, before sending, what is not a JPG/PNG, 1 MB or more, empty, or unreadable', async () => {
    const wechat = publishedWeChat();
    const gif = new TextEncoder().encode('GIF89a....');
    await expect(wechat.api.media.uploadImage(gif)).rejects.toMatchObject({ name: 'ImageRejectedError', code: 'image_rejected', reason: 'type' });
    const big = new Uint8Array(1024 * 1024);
    big.set(png());
    await expect(wechat.api.media.uploadImage(big)).rejects.toMatchObject({ reason: 'size', message: expect.stringContaining('under 1 MB') });
    const justUnder = big.subarray(0, 1024 * 1024 - 1);
    await expect(wechat.api.media.uploadImage(justUnder)).resolves.toMatchObject({ url: expect.any(String) });
    await expect(wechat.api.media.uploadImage(new Uint8Array())).rejects.toMatchObject({ reason: 'size' });
    const missing = await wechat.api.media.uploadImage('/nonexistent/logo.png').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ImageRejectedError);
    expect(missing).toMatchObject({ reason: 'unreadable', message: expect.stringContaining('ENOENT') });
    await expect(wechat.api.media.uploadImage(42 as never)).rejects.toThrow(TypeError);
    expect(wechat.to('cgi-bin/media/uploadimg')).toHaveLength(1); // only the one just under 1 MB
  });

  it("the url it answers counts as WeChat-hosted for this api's cards.create", async () => {
    const wechat = publishedWeChat({ 'cgi-bin/media/uploadimg': ['standin_logo'] });
    publishedAnswers.standin_logo = { path: 'cgi-bin/media/uploadimg', source: 'test', provenance: 'test', answer: { url: 'http://images.stand-in.test/logo/1.png' } };
    try {
      const { url } = await wechat.api.media.uploadImage(png());
      await expect(wechat.api.cards.create(groupon({ logo_url: url }))).resolves.toMatchObject({ cardId: expect.any(String) });
      await expect(wechat.makeApi().cards.create(groupon({ logo_url: url }))).rejects.toBeInstanceOf(CardValidationError);
    } finally {
      delete publishedAnswers.standin_logo;
    }
  });
});

describe('createWeChatApi', () => {
  it('refuses an apiBase that is not an absolute URL, saying what it needs', () => {
    expect(() => publishedWeChat().makeApi({ apiBase: 'localhost:5000/' })).toThrow(/apiBase as an http\(s\) URL/);
  });
});

describe('answers without the fields WeChat documents', () => {
  it('are UpstreamHttpError naming the field, not undefined further on', async () => {
    const fetch = async (input: string) =>
      Response.json(input.includes('stable_token') ? { access_token: 'T', expires_in: 7200 } : { errcode: 0, errmsg: 'ok' });
    const bare = publishedWeChat().makeApi({ fetch });
    await expect(bare.cards.create(samples.GROUPON!)).rejects.toThrow(UpstreamHttpError);
    await expect(bare.cards.create(samples.GROUPON!)).rejects.toThrow(/lacks card_id/);
    await expect(bare.qrcodes.create({ cardId: 'a' })).rejects.toThrow(/lacks ticket/);
    await expect(bare.codes.get({ code: '1' })).rejects.toThrow(/lacks card/);
    await expect(bare.users.cardList({ openid: 'o' })).rejects.toThrow(/lacks card_list/);
  });
});
