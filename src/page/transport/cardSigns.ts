import type { CardSignRequest, CardSignResponse, Unchecked } from '../../contract';
import { CouponError } from '../../errors/CouponError';
import { isRecord } from '../../utils/isRecord';
import type { CardSign, ChooseCardFilter, NormalizedOptions } from '../options';
import { createAnswerSource, type AnswerSource } from './answerSource';
import { reach, type Reached } from './reach';

/** A card signature fetched for a chooseCard call on its way; it waits no longer than this. */
const AHEAD_TTL_MS = 60_000;

function checked({ raw, source, wire }: Reached): CardSign {
  const sign: Unchecked<CardSignResponse> | undefined = isRecord(raw) ? raw : undefined;
  if (!sign || sign.timestamp === undefined || typeof sign.nonceStr !== 'string' || typeof sign.cardSign !== 'string' || sign.cardSign === '') {
    throw new CouponError('SIGNATURE_FAILED', `The card signature from ${source} must be { timestamp, nonceStr, cardSign, signType }${wire ? ' (wire contract)' : ''}.`, { cause: raw, request: source });
  }
  return { timestamp: sign.timestamp as string | number, nonceStr: sign.nonceStr, cardSign: sign.cardSign, signType: typeof sign.signType === 'string' ? sign.signType : 'SHA1' };
}

/** The chooseCard signatures; undefined where neither cardSignUrl nor getCardSign is configured. */
export function createCardSignSource(options: NormalizedOptions): AnswerSource<ChooseCardFilter, CardSign> | undefined {
  const { cardSignUrl } = options;
  const fetchRaw = reach<ChooseCardFilter>({
    hook: options.getCardSign,
    hookName: 'getCardSign()',
    request: cardSignUrl
      ? (filter) => ({ url: cardSignUrl, method: 'POST', body: filter satisfies CardSignRequest })
      : undefined,
    what: 'card-sign endpoint',
    timeoutMs: options.timeoutMs,
    failure: 'SIGNATURE_FAILED',
    context: () => 'for chooseCard',
  });
  return fetchRaw && createAnswerSource(async (filter) => checked(await fetchRaw(filter)), (filter) => JSON.stringify(filter), AHEAD_TTL_MS);
}
