// card/user/getcardlist: the codes a user holds.
import { answerArray, requireArgument } from './answer';
import type { AuthorizedCall } from './transport';

export interface UsersApi {
  /** The user's codes, of one card when `cardId` is given. */
  cardList(input: { openid: string; cardId?: string }): Promise<Array<{ cardId: string; code: string }>>;
}

export function createUsersApi(call: AuthorizedCall): UsersApi {
  return {
    async cardList({ openid, cardId }) {
      requireArgument('users.cardList', 'openid', openid);
      const path = 'card/user/getcardlist';
      const answer = await call(path, { openid, ...(cardId === undefined ? {} : { card_id: cardId }) });
      return answerArray(answer, 'card_list', path).flatMap((item) => {
        const { card_id, code } = (item ?? {}) as { card_id?: unknown; code?: unknown };
        return typeof card_id === 'string' && typeof code === 'string' ? [{ cardId: card_id, code }] : [];
      });
    },
  };
}
