// The event types a merchant's onEvent compiles against: the `unknown` guard leaves a union
// that narrows on `event`, and each event's fields have the documented types.
import { describe, expectTypeOf, it } from 'vitest';
import type { CardEvent, CardEventHandlerOptions, UserConsumeCardEvent, UserGetCardEvent } from '../../../src/server';

describe('CardEvent', () => {
  it('narrows on event once unknown events are set aside', () => {
    const onEvent = (event: CardEvent) => {
      if (event.unknown) {
        expectTypeOf(event.event).toEqualTypeOf<string>();
        expectTypeOf(event.raw).toEqualTypeOf<Readonly<Record<string, unknown>>>();
        return;
      }
      if (event.event === 'user_get_card') {
        expectTypeOf(event).toEqualTypeOf<UserGetCardEvent>();
        expectTypeOf(event.outerStr).toEqualTypeOf<string | undefined>();
        expectTypeOf(event.isGiveByFriend).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(event.outerId).toEqualTypeOf<number | undefined>();
      }
      switch (event.event) {
        case 'user_consume_card':
          expectTypeOf(event).toEqualTypeOf<UserConsumeCardEvent>();
          expectTypeOf(event.consumeSource).toEqualTypeOf<string | undefined>();
          expectTypeOf(event.locationId).toEqualTypeOf<number | undefined>();
          break;
        case 'card_pay_order':
          expectTypeOf(event.freeCoinCount).toEqualTypeOf<number | undefined>();
          expectTypeOf(event.orderId).toEqualTypeOf<string>();
          break;
      }
      expectTypeOf(event.createTime).toEqualTypeOf<number>();
    };
    expectTypeOf(onEvent).toMatchTypeOf<CardEventHandlerOptions['onEvent']>();
  });
});
