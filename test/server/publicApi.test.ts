// wx-coupon/server's card-management surface, pinned: the names and types the CLI, the demo
// and merchants' code are written against.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as server from '../../src/server';
import type { CardDefinition, CardPatch, CardStatus, CardValidationIssue, CodeInfo, ImageInput, LandingPageRequest, QrCode, QrCodeRequest, WeChatApi } from '../../src/server';

describe('wx-coupon/server card management', () => {
  it('exports the validation, the errors and the errcode lookup', () => {
    for (const name of ['validateCard', 'validateCardPatch', 'describeErrcode', 'errcodeEntry', 'CardValidationError', 'NewCouponsRefusedError', 'ImageRejectedError', 'ServerError', 'WeChatApiError', 'COUPON_TYPES', 'CARD_COLORS', 'CODE_TYPES']) {
      expect(server, name).toHaveProperty(name);
    }
    expect(new server.NewCouponsRefusedError(48001, 'api unauthorized', 'card/create', 'CASH')).toBeInstanceOf(server.ServerError);
    expect(new server.CardValidationError([])).toBeInstanceOf(server.ServerError);
  });

  it('exports only what it names: the signing helpers, not the SHA-1 they are built on', () => {
    for (const name of ['signJsapi', 'signCardExt', 'signChooseCard']) expect(server, name).toHaveProperty(name);
    expect(server).not.toHaveProperty('sha1Hex');
  });

  it('types each family', () => {
    expectTypeOf<WeChatApi['media']['uploadImage']>().toEqualTypeOf<(file: ImageInput, options?: { filename?: string }) => Promise<{ url: string }>>();
    expectTypeOf<ImageInput>().toEqualTypeOf<string | Uint8Array | Blob>();
    expectTypeOf<WeChatApi['cards']['create']>().toEqualTypeOf<(card: CardDefinition | { card: CardDefinition }) => Promise<{ cardId: string }>>();
    expectTypeOf<WeChatApi['cards']['batchGet']>().toEqualTypeOf<(options?: { offset?: number; count?: number; statusList?: CardStatus[] }) => Promise<{ cardIds: string[]; totalNum: number }>>();
    expectTypeOf<WeChatApi['cards']['update']>().toEqualTypeOf<(cardId: string, patch: CardPatch) => Promise<{ sendCheck: boolean }>>();
    expectTypeOf<WeChatApi['cards']['modifyStock']>().toEqualTypeOf<(cardId: string, delta: number) => Promise<void>>();
    expectTypeOf<WeChatApi['cards']['delete']>().toEqualTypeOf<(cardId: string) => Promise<void>>();
    expectTypeOf<WeChatApi['qrcodes']['create']>().toEqualTypeOf<(request: QrCodeRequest) => Promise<QrCode>>();
    expectTypeOf<QrCode>().toEqualTypeOf<{ ticket: string; url: string; showQrcodeUrl: string; expireSeconds?: number }>();
    expectTypeOf<WeChatApi['landingPages']['create']>().toEqualTypeOf<(request: LandingPageRequest) => Promise<{ url: string; pageId: number | string }>>();
    expectTypeOf<WeChatApi['testWhitelist']['set']>().toEqualTypeOf<(users: { openids?: string[]; usernames?: string[] }) => Promise<void>>();
    expectTypeOf<WeChatApi['codes']['get']>().toEqualTypeOf<(input: { code: string; cardId?: string; checkConsume?: boolean }) => Promise<CodeInfo>>();
    expectTypeOf<WeChatApi['codes']['markUnavailable']>().toEqualTypeOf<(input: { code: string; cardId?: string; reason?: string }) => Promise<void>>();
    expectTypeOf<WeChatApi['users']['cardList']>().toEqualTypeOf<(input: { openid: string; cardId?: string }) => Promise<Array<{ cardId: string; code: string }>>>();
    expectTypeOf(server.validateCard).returns.toEqualTypeOf<CardValidationIssue[]>();
    expectTypeOf(server.describeErrcode).toEqualTypeOf<(errcode: number, lang?: 'zh-CN' | 'en') => string>();
    // the card JSON is WeChat's own, snake_case, and the type body must match card_type
    const cash: CardDefinition = { card_type: 'CASH', cash: { base_info: {} as CardDefinition extends { cash: { base_info: infer B } } ? B : never, least_cost: 0, reduce_cost: 100 } };
    void cash;
    // @ts-expect-error a CASH card's body is under `cash`
    const wrong: CardDefinition = { card_type: 'CASH', groupon: { base_info: {} as never, deal_detail: '' } };
    void wrong;
  });
});
