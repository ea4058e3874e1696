// A stand-in on a simulated clock with its card events collected, a token, and WeChat calls
// as a raw client makes them: shared by the stand-in's card, code and QR code tests.
import { signCardExt } from '../../../src/server/sign';
import { createWeChatApiStandIn, type StandInCardEvent, type WeChatApiStandInOptions } from '../../../src/simulator/api';
import { APP_ID, APP_SECRET, call, simulatedClock } from '../../server/fixtures';

export const DAY = 86_400_000;

/** A valid GROUPON definition (the seed's example, completed); `base` overrides base_info fields. */
export function groupon(base: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    card_type: 'GROUPON',
    groupon: {
      base_info: {
        logo_url: 'http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7hicFNjakmxibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0',
        brand_name: '海底捞',
        code_type: 'CODE_TYPE_TEXT',
        title: '132元双人火锅套餐',
        color: 'Color010',
        notice: '使用时向服务员出示此券',
        description: '不可与其他优惠同享',
        sku: { quantity: 500000 },
        date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 15, fixed_begin_term: 0 },
        get_limit: 3,
        ...base,
      },
      deal_detail: '以下锅底2选1（有菌王锅、麻辣锅、大骨锅、番茄锅、清补凉锅、酸菜鱼锅可选）',
      ...extra,
    },
  };
}

export async function cardWorld(options: Partial<WeChatApiStandInOptions> = {}) {
  const clock = simulatedClock();
  const events: StandInCardEvent[] = [];
  const standIn = createWeChatApiStandIn({ appId: APP_ID, appSecret: APP_SECRET, clock: clock.now, onCardEvent: (event) => events.push(event), ...options });
  // stable_token in normal mode: the same token until it is due, so tests may move the clock by days.
  const token = async () => (await call(standIn.fetch, 'cgi-bin/stable_token', {}, { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET })).access_token as string;
  const access_token = await token();
  /** POST a WeChat API with a live token. */
  const api = async (path: string, body: unknown) => call(standIn.fetch, path, { access_token: await token() }, body);
  /** POST a simulator route. */
  const sim = async (path: string, body: unknown) => (await standIn.fetch(`https://api.weixin.qq.com/__sim/${path}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<Record<string, any>>;
  const create = async (card: object = groupon()) => {
    const answer = await api('card/create', { card });
    if (answer.errcode !== 0) throw new Error(`card/create: ${JSON.stringify(answer)}`);
    return answer.card_id as string;
  };
  let nonces = 0;
  /** A card_ext as the merchant server signs it (card api_ticket, card_id, timestamp, nonce_str, code and openid when given). */
  const signedExt = async (cardId: string, ext: { code?: string; openid?: string; outer_str?: string } = {}, apiTicket = standIn.currentTickets().wx_card) => {
    const timestamp = String(Math.floor(clock.now() / 1000));
    const nonce_str = `nonce${++nonces}`;
    const signature = await signCardExt({ apiTicket, cardId, timestamp, nonceStr: nonce_str, code: ext.code, openid: ext.openid });
    return JSON.stringify({ ...ext, timestamp, nonce_str, signature });
  };
  /** The simulated user (or `openid`) adds cards as batchAddCard would, with a signed card_ext. */
  const add = async (cardId: string, extra: { openid?: string; cardExt?: { code?: string; openid?: string; outer_str?: string } } = {}) =>
    (await sim('user/add-cards', { openid: extra.openid, cards: [{ card_id: cardId, card_ext: await signedExt(cardId, extra.cardExt) }] })).card_list[0] as Record<string, any>;
  return { clock, events, standIn, access_token, api, sim, create, add, signedExt };
}
