import { CouponError } from '../errors/CouponError';
import { callWx } from './callWx';
import type { EngineInput } from './input';
import { loadSdk } from './loadSdk';
import { isRecord } from '../utils/isRecord';

export interface NormalizedCard {
  cardId: string;
  cardExt?: string;
  outerStr?: string;
}

export interface AddedCard {
  cardId: string;
  /** The encrypted code WeChat returns; decrypt it on your server. */
  code: string;
  isSuccess: boolean;
  cardExt: string;
}

/** A field of WeChat's reply as text: '' where it is missing. */
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function readAdded(value: unknown): AddedCard[] {
  if (!Array.isArray(value)) {
    throw new CouponError('INVALID_RESPONSE', 'WeChat’s addCard answered without a card list.', { cause: value, request: 'batchAddCard' });
  }
  return value.map((item: unknown) => {
    const card = isRecord(item) ? item : {};
    return {
      cardId: text(card.cardId),
      code: text(card.code),
      // Clients answer it as a boolean, a number or a string.
      isSuccess: [true, 1, '1', 'true'].includes(card.isSuccess as never),
      cardExt: text(card.cardExt),
    };
  });
}

/** `wx.addCard` for checked cards: verification and card_ext requests run side by side. */
export async function addCards({ options, transport }: EngineInput, verifyPage: () => Promise<void>, cards: NormalizedCard[]): Promise<AddedCard[]> {
  const sdk = loadSdk();
  const list = Promise.all(cards.map(async (card) => ({ cardId: card.cardId, cardExt: card.cardExt ?? (await transport.cardExts.get(card)) })));
  const verified = verifyPage();
  // All three run side by side. When several fail (a server that cannot reach WeChat fails the
  // signature and card_ext alike), the page's verification is the one reported, every time,
  // not whichever answer lost the race; the others' rejections are awaited below or dropped.
  sdk.catch(() => undefined);
  list.catch(() => undefined);
  await verified;
  const [wx, cardList] = await Promise.all([sdk, list]);
  const res = await callWx<{ cardList: unknown }>({ api: 'addCard', bridgeName: 'batchAddCard', timeoutMs: options.interactionTimeoutMs }, (callbacks) =>
    wx.addCard(Object.assign({ cardList }, callbacks)),
  );
  return readAdded(res.cardList);
}
