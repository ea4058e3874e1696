// The public surface, pinned: names and types a merchant's code compiles against.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as lib from '../src';
import type { AddedCard, ChosenCard, CouponContext, CouponEndpointErrorCode, CouponErrorCode, CouponOptions, ServerCode, WeChatEnvironment } from '../src';

describe('wx-coupon exports', () => {
  it('has the documented functions and constants', () => {
    expect(Object.keys(lib).sort()).toEqual(
      [
        'CouponError',
        'MIN_CARDS_VERSION',
        'addToCardsAndOffers',
        'bindButtons',
        'chooseCard',
        'configure',
        'decryptCouponCode',
        'detectWeChat',
        'fallbackText',
        'isCardsAndOffersSupported',
        'isCouponError',
        'markEnvironment',
        'openCard',
        'prefetchCardExt',
        'readCouponContext',
        'ready',
        'showFallback',
        'userMessage',
      ].sort(),
    );
  });

  it('types each call', () => {
    expectTypeOf(lib.detectWeChat).toEqualTypeOf<(userAgent?: string) => WeChatEnvironment>();
    expectTypeOf(lib.readCouponContext).returns.toEqualTypeOf<CouponContext>();
    expectTypeOf(lib.configure).parameter(0).toEqualTypeOf<CouponOptions>();
    expectTypeOf(lib.ready).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(lib.addToCardsAndOffers).returns.toEqualTypeOf<Promise<AddedCard[]>>();
    expectTypeOf(lib.chooseCard).returns.toEqualTypeOf<Promise<ChosenCard[]>>();
    expectTypeOf(lib.openCard).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(lib.userMessage).toEqualTypeOf<(error: unknown, lang?: string) => string>();
    expectTypeOf<lib.CouponError['serverCode']>().toEqualTypeOf<ServerCode | undefined>();
    // The server's codes by name (the wire contract's), and any other server's own string.
    expectTypeOf<'upstream_error'>().toExtend<CouponEndpointErrorCode>();
    expectTypeOf<CouponEndpointErrorCode>().toExtend<ServerCode>();
    expectTypeOf<'my_own_code'>().toExtend<ServerCode>();
    expectTypeOf<AddedCard>().toEqualTypeOf<{ cardId: string; code: string; isSuccess: boolean; cardExt: string }>();
    expectTypeOf<ChosenCard>().toEqualTypeOf<{ cardId: string; encryptCode: string }>();
    expectTypeOf<lib.CouponError['code']>().toEqualTypeOf<CouponErrorCode>();
    expectTypeOf<WeChatEnvironment['reason']>().toEqualTypeOf<null | 'not-wechat' | 'version-too-low' | 'desktop' | 'wecom'>();
    // @ts-expect-error cardId is required
    void (() => lib.addToCardsAndOffers({ outerStr: 'x' }));
  });
});
