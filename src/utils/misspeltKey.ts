import { CouponError } from '../errors/CouponError';

/** `card_id`, `cardid`, `CardID` → `cardid`: the spellings people slip into for `cardId`. */
const squash = (key: string) => key.replace(/[-_]/g, '').toLowerCase();

/**
 * The first key of `value` that is not one of `known` but is one of them spelt another way
 * (`card_id` for `cardId`, `appid` for `appId`), as `[given, meant]`. Unknown keys that match
 * nothing are left alone.
 */
export function misspeltKey(value: object, known: readonly string[]): [string, string] | undefined {
  for (const key of Object.keys(value)) {
    const meant = known.includes(key) ? undefined : known.find((name) => squash(name) === squash(key));
    if (meant) return [key, meant];
  }
  return undefined;
}

/** Throws INVALID_ARGUMENT for a misspelt key: `addToCardsAndOffers(): "card_id": did you mean cardId?`. */
export function rejectMisspeltKey(value: object, known: readonly string[], where: string): void {
  const found = misspeltKey(value, known);
  if (found) throw new CouponError('INVALID_ARGUMENT', `${where}: "${found[0]}" is not a key wx-coupon reads: did you mean ${found[1]}?`);
}
