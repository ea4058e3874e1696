// card/testwhitelist/set: who may add cards that are not approved yet.
import type { AuthorizedCall } from './transport';

export interface TestWhitelistApi {
  /** Replace the test whitelist: users by openid and/or by WeChat ID (username). */
  set(users: { openids?: string[]; usernames?: string[] }): Promise<void>;
}

const strings = (list: unknown, name: string): string[] => {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === '')) {
    throw new TypeError(`wx-coupon: testWhitelist.set needs ${name} as an array of non-empty strings.`);
  }
  return list;
};

export function createTestWhitelistApi(call: AuthorizedCall): TestWhitelistApi {
  return {
    async set({ openids, usernames } = {}) {
      const openid = strings(openids, 'openids');
      const username = strings(usernames, 'usernames');
      if (openid.length + username.length === 0) throw new TypeError('wx-coupon: testWhitelist.set needs at least one openid or username.');
      await call('card/testwhitelist/set', { ...(openid.length ? { openid } : {}), ...(username.length ? { username } : {}) });
    },
  };
}
