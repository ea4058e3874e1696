// The stand-in's simulated WeChat user, over its /__sim/ routes: who it is (for the test
// whitelist) and what it gets when it scans a QR code (the code `hello` then redeems). Only a
// stand-in has these routes; the real API has real users with phones.
import { WeChatApiError } from '../server/index';

interface SimAnswer {
  errcode?: number;
  errmsg?: string;
  openid?: string;
  card_list?: Array<{ card_id: string; is_succ: 0 | 1; code?: string; errcode?: number; errmsg?: string }>;
}

async function simCall(url: string, init?: RequestInit): Promise<SimAnswer> {
  const answer = (await (await fetch(url, init)).json()) as SimAnswer;
  const path = new URL(url).pathname.replace(/^\/+/, '');
  if (answer.errcode) throw new WeChatApiError(answer.errcode, answer.errmsg ?? '', path);
  return answer;
}

export function simulatedUser(standInUrl: string, appId: string) {
  const route = (path: string) => `${standInUrl}/__sim/${path}?appid=${encodeURIComponent(appId)}`;
  return {
    async openid(): Promise<string> {
      return (await simCall(route('user/cards'))).openid as string;
    },
    /** Scan the QR code of `ticket`: the cards it adds, each with its code or WeChat's errcode. */
    async scan(ticket: string): Promise<{ openid: string; cards: NonNullable<SimAnswer['card_list']> }> {
      const answer = await simCall(route('scan'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket }) });
      return { openid: answer.openid as string, cards: answer.card_list ?? [] };
    },
  };
}
