// card/testwhitelist/set: the users (by openid or WeChat username) who may add a card that is
// still under review, as WeChat lets merchants try a coupon before it is approved.
import type { Json } from './cardDefinition';
import { WeChatError } from './errcodes';

export const OPENID_PATTERN = /^[\w-]{6,64}$/;

export type Whitelist = ReturnType<typeof createWhitelist>;

export function createWhitelist() {
  let lists = new Map<string, { openids: Set<string>; usernames: Set<string> }>();

  function set(appId: string, body: Json): void {
    const { openid, username } = body;
    if (openid === undefined && username === undefined) throw new WeChatError(41011, 'openid or username');
    const strings = (value: unknown, field: string) => {
      if (value === undefined) return [];
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) throw new WeChatError(47001, `${field} must be a list of strings`);
      return value as string[];
    };
    const openids = strings(openid, 'openid');
    const bad = openids.find((item) => !OPENID_PATTERN.test(item));
    if (bad !== undefined) throw new WeChatError(40003, bad);
    // Like WeChat's, each call replaces the list.
    lists.set(appId, { openids: new Set(openids), usernames: new Set(strings(username, 'username')) });
  }

  return {
    set,
    allows(appId: string, user: { openid: string; username?: string }): boolean {
      const list = lists.get(appId);
      return !!list && (list.openids.has(user.openid) || (user.username !== undefined && list.usernames.has(user.username)));
    },
    reset() {
      lists = new Map();
    },
  };
}
