// The public surface, pinned: names and types a merchant's code compiles against.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as lib from '../src';
import type { AddedCard, CardExtRequest, CardRequest, CardSign, CardSignResponse, ChosenCard, ConfigSignature, SignatureResponse, CouponContext, CouponEndpointErrorCode, CouponErrorCode, CouponEventMap, CouponOptions, ServerCode, WeChatEnvironment } from '../src';

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
    // What wx-coupon/server answers is what the hooks take: getSignature: (url) => fetch(…).json() as SignatureResponse.
    expectTypeOf<SignatureResponse>().toExtend<ConfigSignature>();
    expectTypeOf<CardSignResponse>().toExtend<CardSign>();
    expectTypeOf<CardExtRequest>().toEqualTypeOf<CardRequest>();
    expectTypeOf<AddedCard>().toEqualTypeOf<{ cardId: string; code: string; isSuccess: boolean; cardExt: string }>();
    expectTypeOf<ChosenCard>().toEqualTypeOf<{ cardId: string; encryptCode: string }>();
    expectTypeOf<lib.CouponError['code']>().toEqualTypeOf<CouponErrorCode>();
    expectTypeOf<WeChatEnvironment['reason']>().toEqualTypeOf<null | 'not-wechat' | 'version-too-low' | 'desktop' | 'wecom'>();
    // @ts-expect-error cardId is required
    void (() => lib.addToCardsAndOffers({ outerStr: 'x' }));
  });

  it('types the wx-coupon:* events bindButtons dispatches, on elements, the document and the window', () => {
    expectTypeOf<HTMLElementEventMap['wx-coupon:added']['detail']['cards']>().toEqualTypeOf<AddedCard[]>();
    expectTypeOf<DocumentEventMap['wx-coupon:chosen']['detail']['cards']>().toEqualTypeOf<ChosenCard[]>();
    expectTypeOf<WindowEventMap['wx-coupon:error']['detail']['error']>().toEqualTypeOf<lib.CouponError>();
    expectTypeOf<HTMLElementEventMap['wx-coupon:cancel']>().toEqualTypeOf<CouponEventMap['wx-coupon:cancel']>();
    expectTypeOf<keyof CouponEventMap>().toEqualTypeOf<'wx-coupon:added' | 'wx-coupon:chosen' | 'wx-coupon:opened' | 'wx-coupon:cancel' | 'wx-coupon:error'>();
    // A listener's event is inferred from the name, with no cast.
    const listen = (button: HTMLButtonElement) =>
      button.addEventListener('wx-coupon:added', (event) => {
        expectTypeOf(event).toEqualTypeOf<CustomEvent<lib.CouponAddedDetail>>();
        expectTypeOf(event.detail.cards[0]!.code).toEqualTypeOf<string>();
      });
    void listen;
    // @ts-expect-error an added event carries cards, not an error
    void ((event: CouponEventMap['wx-coupon:added']) => event.detail.error.code);
  });
});
