// The one reading of a WeChat answer's `errcode`. WeChat answers errors with HTTP 200 and a
// number; a success carries `errcode: 0`, or (token answers) no errcode at all. `Number()` reads
// "", false, [], " ", "0" and "0x0" as 0, so a proxy's or a changed API's JSON could pass as a
// success — for card/code/consume, as a redemption that never happened. Only the number 0 is.

export type ErrcodeReading =
  | { kind: 'success' }
  /** WeChat refused the call: a number other than 0. */
  | { kind: 'error'; errcode: number }
  /** Not an answer WeChat gives: an errcode that is not an integer, or none where one is required. */
  | { kind: 'malformed'; detail: string };

/**
 * `required`: the answer must carry `errcode: 0` to count as a success (card/code/consume, whose
 * success is a redemption); without it, an absent errcode is a success (token answers carry none).
 */
export function readErrcode(answer: Record<string, unknown>, options: { required?: boolean } = {}): ErrcodeReading {
  if (!Object.hasOwn(answer, 'errcode')) {
    return options.required ? { kind: 'malformed', detail: 'the answer does not confirm the call (no errcode 0)' } : { kind: 'success' };
  }
  const { errcode } = answer;
  if (typeof errcode !== 'number' || !Number.isInteger(errcode)) {
    return { kind: 'malformed', detail: `errcode is not a number but ${errcode === null ? 'null' : Array.isArray(errcode) ? 'an array' : `a ${typeof errcode}`}` };
  }
  return errcode === 0 ? { kind: 'success' } : { kind: 'error', errcode };
}
