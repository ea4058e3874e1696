// The browser simulator's side of the WeChat API stand-in's /__sim/ routes: in a stateful
// world the adds go to the stand-in, which issues the codes (and takes stock, checks review
// and whitelist, emits user_get_card), and chooseCard lists the codes it says the user holds.
import type { AddResult as StandInAddResult } from './api/userCards';

/** A card as the stand-in's /__sim/cards/<card_id> describes it. */
export interface StandInCardLook {
  card_id: string;
  card_type?: string;
  title?: string;
  sub_title?: string;
  brand_name?: string;
  /** The RGB colour of the card's Color0xx. */
  color?: string;
  /** Absolute, or (a logo uploaded to the stand-in) a path from the stand-in's root. */
  logo_url?: string;
  status?: string;
}

/** One card of /__sim/user/add-cards' answer: the stand-in's own type (a type import: nothing of Node's reaches the browser). */
export type { StandInAddResult };

export interface StandInHeldCard extends StandInCardLook {
  code: string;
  encrypt_code: string;
}

export interface StandInClient {
  look(cardId: string): Promise<StandInCardLook | undefined>;
  add(cards: Array<{ card_id: string; card_ext: string }>): Promise<StandInAddResult[]>;
  held(filter: { cardId?: string; cardType?: string }): Promise<StandInHeldCard[]>;
}

/** A client for the stand-in at `baseUrl` (e.g. '/__wx-api' in the demo), as `openid` (default: the stand-in's simulated user). */
export function standInClient(baseUrl: string, appId: string, openid?: string): StandInClient {
  const base = baseUrl.replace(/\/+$/, '');
  const query = (extra: Record<string, string | undefined> = {}) => {
    const params = new URLSearchParams({ appid: appId });
    for (const [key, value] of Object.entries({ openid, ...extra })) if (value) params.set(key, value);
    return params.toString();
  };
  const withLogo = <T extends StandInCardLook>(card: T): T => (card.logo_url ? { ...card, logo_url: new URL(card.logo_url, new URL(`${base}/`, location.href)).href } : card);
  async function call<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${base}/__sim/${path}`, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
    const answer = (await response.json().catch(() => ({}))) as T & { errcode?: number; errmsg?: string };
    if (!response.ok || (answer.errcode !== undefined && answer.errcode !== 0)) {
      throw new Error(`the WeChat API stand-in answered __sim/${path.split('?')[0]} with ${answer.errcode ?? response.status} ${answer.errmsg ?? ''}`.trim());
    }
    return answer;
  }
  return {
    async look(cardId) {
      // A card the stand-in does not have is shown by its id, as before (the add then fails with 40073).
      return call<{ card: StandInCardLook }>(`cards/${encodeURIComponent(cardId)}?${query()}`).then((a) => withLogo(a.card), () => undefined);
    },
    async add(cards) {
      const answer = await call<{ card_list: StandInAddResult[] }>(`user/add-cards?${query()}`, { method: 'POST', body: JSON.stringify({ openid, cards }) });
      return answer.card_list;
    },
    async held({ cardId, cardType }) {
      return (await call<{ card_list: StandInHeldCard[] }>(`user/cards?${query({ card_id: cardId, card_type: cardType })}`)).card_list.map(withLogo);
    },
  };
}
