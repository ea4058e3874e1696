// The stand-in as WeChat, pushing a coupon's life to the merchant's receiver: its onCardEvent
// sink is the pusher, the pusher posts (safe mode) into createCardEventHandler in-process.
import { expect, it } from 'vitest';
import { createCardEventHandler, type CardEvent } from '../../../src/server';
import { createCardEventPusher } from '../../../src/simulator/api';
import { APP_ID } from '../../server/fixtures';
import { cardWorld } from './cardWorld';

const TOKEN = 'standInPush1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

it('approval, an add carrying outer_str, the redemption and a deletion arrive typed, each once', async () => {
  const received: CardEvent[] = [];
  const receiver = createCardEventHandler({ token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, onEvent: (event) => void received.push(event) });
  const pusher = createCardEventPusher({ url: 'http://127.0.0.1/api/wx/events', token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, mode: 'safe', fetch: (input, init) => receiver(new Request(input, init)) });
  const { create, add, api, sim } = await cardWorld({ onCardEvent: pusher.push });

  const cardId = await create();
  const first = await add(cardId, { cardExt: { outer_str: 'poster-9' } });
  const second = await add(cardId, { cardExt: { outer_str: 'article-2' } });
  expect((await api('card/code/consume', { code: first.code, card_id: cardId })).errcode).toBe(0);
  await sim('user/delete-card', { code: second.code, card_id: cardId });
  await pusher.idle();

  expect(pusher.deliveries.every((delivery) => delivery.acknowledged && delivery.attempts.length === 1)).toBe(true);
  expect(received.map((event) => event.event)).toEqual(expect.arrayContaining(['card_pass_check', 'user_get_card', 'user_get_card', 'user_consume_card', 'user_del_card']));
  expect(received).toHaveLength(5);
  const byCode = (name: string, code: string) => received.find((event) => event.event === name && (event as { userCardCode?: string }).userCardCode === code);
  expect(byCode('user_get_card', first.code)).toMatchObject({ cardId, outerStr: 'poster-9', isGiveByFriend: false });
  expect(byCode('user_get_card', second.code)).toMatchObject({ outerStr: 'article-2' });
  // The redemption carries the scene value of that code's add: the poster that brought it.
  expect(byCode('user_consume_card', first.code)).toMatchObject({ consumeSource: 'FROM_API', outerStr: 'poster-9' });
  expect(byCode('user_del_card', second.code)).toMatchObject({ cardId });
});
