// What WeChat checks of a card_ext before an add through the JSAPI: its signature, by the card
// api_ticket (a live one: a renewed ticket overlaps its predecessor), over the same values the
// merchant server signed, and that its timestamp and nonce_str are not used twice.
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html (附录4 卡券扩展字段及签名生成算法)
import { signCardExt } from '../../server/sign';
import { isObject, type Json } from './cardDefinition';
import { WeChatError } from './errcodes';

export type CardExtCheck = ReturnType<typeof createCardExtCheck>;

export function createCardExtCheck(liveTickets: (appId: string) => string[]) {
  let used = new Set<string>();

  async function verify(appId: string, cardId: unknown, cardExt: unknown): Promise<void> {
    let ext: Json | undefined;
    try {
      ext = typeof cardExt === 'string' ? (JSON.parse(cardExt) as Json) : isObject(cardExt) ? cardExt : undefined;
    } catch {
      ext = undefined;
    }
    if (!isObject(ext)) throw new WeChatError(40080, 'card_ext is not a JSON object');
    const { timestamp, nonce_str: nonceStr, signature } = ext;
    if (typeof signature !== 'string' || timestamp === undefined || typeof nonceStr !== 'string') throw new WeChatError(40080, 'card_ext needs timestamp, nonce_str and signature');
    const values = { cardId: String(cardId ?? ''), timestamp: String(timestamp), nonceStr, code: ext.code === undefined ? undefined : String(ext.code), openid: ext.openid === undefined ? undefined : String(ext.openid) };
    const expected = await Promise.all(liveTickets(appId).map((apiTicket) => signCardExt({ apiTicket, ...values }).catch(() => '')));
    if (!expected.includes(signature)) throw new WeChatError(40080, 'card_ext signature does not match the card api_ticket');
    const once = `${appId}|${values.cardId}|${values.timestamp}|${nonceStr}`;
    if (used.has(once)) throw new WeChatError(40080, 'card_ext timestamp and nonce_str were used already');
    used.add(once);
  }

  return {
    verify,
    reset() {
      used = new Set();
    },
  };
}
