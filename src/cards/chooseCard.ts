import { assertCardsSupported } from '../env/gate';
import { CouponError } from '../errors/CouponError';
import type { CardSign, ChooseCardFilter } from '../options';
import { loadSdk } from '../sdk/loadSdk';
import { requireSession, type Session } from '../session';
import { isRecord, requestJson } from '../utils/postJson';
import { withTimeout } from '../utils/timeout';
import { callWx } from './callWx';
import { cardIdOf, invalidArgument, optionalString } from './validate';

export interface ChosenCard {
  cardId: string;
  /** Decrypt on your server (card/code/decrypt) before redeeming. */
  encryptCode: string;
}

const WHERE = 'chooseCard()';

function normalizeFilter(filter: ChooseCardFilter | undefined): ChooseCardFilter {
  if (filter === undefined || filter === null) return {};
  if (!isRecord(filter)) throw invalidArgument(`${WHERE}: the filter must be an object like { shopId, cardType, cardId }.`);
  const shopId = filter.shopId;
  if (shopId !== undefined && shopId !== null && shopId !== '' && !(typeof shopId === 'number' || (typeof shopId === 'string' && /^\d+$/.test(shopId)))) {
    throw invalidArgument(`${WHERE}: shopId must be a numeric WeChat location id.`);
  }
  const normalized: ChooseCardFilter = {};
  if (shopId !== undefined && shopId !== null && shopId !== '') normalized.shopId = String(shopId);
  const cardType = optionalString(filter.cardType, 'cardType', WHERE);
  if (cardType !== undefined) normalized.cardType = cardType;
  if (filter.cardId !== undefined && filter.cardId !== '') normalized.cardId = cardIdOf(filter.cardId, WHERE);
  return normalized;
}

async function getCardSign(session: Session, filter: ChooseCardFilter): Promise<CardSign> {
  const { options } = session;
  let raw: unknown;
  let source: string;
  if (options.getCardSign) {
    source = 'getCardSign()';
    try {
      raw = await withTimeout(Promise.resolve(options.getCardSign({ ...filter })), options.timeoutMs, () => new CouponError('TIMEOUT', `getCardSign() did not settle within ${options.timeoutMs} ms.`, { request: source }));
    } catch (cause) {
      if (cause instanceof CouponError) throw cause;
      throw new CouponError('SIGNATURE_FAILED', `getCardSign() failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, request: source });
    }
  } else if (options.cardSignUrl) {
    source = options.cardSignUrl;
    raw = await requestJson({ url: source, method: 'POST', body: filter, timeoutMs: options.timeoutMs, failure: 'SIGNATURE_FAILED', what: 'card-sign endpoint' });
  } else {
    throw invalidArgument(`${WHERE} needs a card signature: configure cardSignUrl or getCardSign(filter).`);
  }
  if (!isRecord(raw) || raw.timestamp === undefined || typeof raw.nonceStr !== 'string' || typeof raw.cardSign !== 'string' || raw.cardSign === '') {
    throw new CouponError('SIGNATURE_FAILED', `The card signature from ${source} must be { timestamp, nonceStr, cardSign, signType } (wire contract).`, { cause: raw, request: source });
  }
  return { timestamp: raw.timestamp as string | number, nonceStr: raw.nonceStr, cardSign: raw.cardSign, signType: typeof raw.signType === 'string' ? raw.signType : 'SHA1' };
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

/**
 * Lets the user pick coupons from Cards & Offers (for the shop, type or card given).
 * Resolves with the chosen cards and their encrypted codes.
 */
export async function chooseCard(filter?: ChooseCardFilter): Promise<ChosenCard[]> {
  const session = requireSession(WHERE);
  const normalized = normalizeFilter(filter);
  assertCardsSupported();
  return session.dedupe(`chooseCard:${JSON.stringify(normalized)}`, async () => {
    const [wx, sign] = await Promise.all([loadSdk(), getCardSign(session, normalized), session.verifyPage()]);
    const res = await callWx<{ cardList: unknown }>({ api: 'chooseCard', bridgeName: 'chooseCard', timeoutMs: session.options.interactionTimeoutMs }, (callbacks) =>
      wx.chooseCard({
        shopId: normalized.shopId as string | undefined,
        cardType: normalized.cardType,
        cardId: normalized.cardId,
        timestamp: sign.timestamp,
        nonceStr: sign.nonceStr,
        signType: sign.signType ?? 'SHA1',
        cardSign: sign.cardSign,
        ...callbacks,
      }),
    );
    return readChosen(res.cardList);
  });
}
