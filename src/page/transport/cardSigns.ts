import type { CardSignRequest, CardSignResponse, Unchecked } from '../../contract';
import { CouponError } from '../../errors/CouponError';
import { isRecord } from '../../utils/isRecord';
import type { CardSign, ChooseCardFilter, NormalizedOptions } from '../options';
import { createAhead } from './ahead';
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

export interface CardSignSource {
  /** The chooseCard signature for `filter`: the one fetched ahead for it, else fetched now. */
  get(filter: ChooseCardFilter): Promise<CardSign>;
  /** Starts fetching it now, for the chooseCard call on its way (which reports its failure). */
  ahead(filter: ChooseCardFilter): void;
  dropUnspeculative(): void;
}

/** Undefined where neither cardSignUrl nor getCardSign is configured. */
export function createCardSignSource(options: NormalizedOptions): CardSignSource | undefined {
  const { cardSignUrl } = options;
  const fetchRaw = reach<ChooseCardFilter>({
    hook: options.getCardSign,
    hookName: 'getCardSign()',
    request: cardSignUrl
      ? (filter) => ({ url: cardSignUrl, method: 'POST', body: filter satisfies CardSignRequest, timeoutMs: options.timeoutMs, failure: 'SIGNATURE_FAILED', what: 'card-sign endpoint' })
      : undefined,
    timeoutMs: options.timeoutMs,
    failure: 'SIGNATURE_FAILED',
    context: () => 'for chooseCard',
  });
  if (!fetchRaw) return undefined;
  const ahead = createAhead<CardSign>(AHEAD_TTL_MS);
  const fetchNow = async (filter: ChooseCardFilter) => checked(await fetchRaw(filter));
  const keyOf = (filter: ChooseCardFilter) => JSON.stringify(filter);
  return {
    get: (filter) => ahead.take(keyOf(filter), () => fetchNow(filter)),
    ahead(filter) {
      if (!ahead.has(keyOf(filter))) ahead.put(keyOf(filter), fetchNow(filter), false);
    },
    dropUnspeculative: ahead.dropUnspeculative,
  };
}
