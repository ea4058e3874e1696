import { callWx } from './callWx';
import { CouponError } from '../errors/CouponError';
import type { ChooseCardFilter } from '../page/options';
import type { EngineInput } from './input';
import { loadSdk } from './loadSdk';
import { isRecord } from '../utils/isRecord';

export interface ChosenCard {
  cardId: string;
  /** Decrypt on your server (card/code/decrypt) before redeeming. */
  encryptCode: string;
}

/** The client hands back a JSON string on some versions and an array on others. */
function readChosen(value: unknown): ChosenCard[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch (cause) {
      throw new CouponError('INVALID_RESPONSE', 'WeChat’s chooseCard answered a card list that is not JSON.', { cause, request: 'chooseCard' });
    }
  }
  if (!Array.isArray(list)) throw new CouponError('INVALID_RESPONSE', 'WeChat’s chooseCard answered without a card list.', { cause: value, request: 'chooseCard' });
  return list.map((item: unknown) => {
    const card = isRecord(item) ? item : {};
    const cardId = card.card_id ?? card.cardId;
    const encryptCode = card.encrypt_code ?? card.encryptCode ?? card.code;
    if (typeof cardId !== 'string' || typeof encryptCode !== 'string') {
      throw new CouponError('INVALID_RESPONSE', 'WeChat’s chooseCard answered a card without card_id or encrypt_code.', { cause: item, request: 'chooseCard' });
    }
    return { cardId, encryptCode };
  });
}

/** `wx.chooseCard` for a checked filter: card sign and verification side by side. */
export async function chooseCards({ options, transport }: EngineInput, verifyPage: () => Promise<void>, filter: ChooseCardFilter): Promise<ChosenCard[]> {
  const [wx, sign] = await Promise.all([loadSdk(), (transport.cardSigns as NonNullable<EngineInput['transport']['cardSigns']>).get(filter), verifyPage()]);
  const res = await callWx<{ cardList: unknown }>({ api: 'chooseCard', bridgeName: 'chooseCard', timeoutMs: options.interactionTimeoutMs }, (callbacks) =>
    wx.chooseCard(Object.assign({
      shopId: filter.shopId as string | undefined,
      cardType: filter.cardType,
      cardId: filter.cardId,
      timestamp: sign.timestamp,
      nonceStr: sign.nonceStr,
      signType: sign.signType as string, // the page's transport gives one, 'SHA1' by default
      cardSign: sign.cardSign,
    }, callbacks)),
  );
  return readChosen(res.cardList);
}
