import type { CouponErrorCode } from '../../errors/CouponError';
import { requestJson, type JsonRequest } from '../../utils/requestJson';
import { callHook } from './callHook';

/** An answer of the merchant's server before it is checked, and where it came from. */
export interface Reached {
  raw: unknown;
  /** For messages: the endpoint's URL, or the hook's name ("getCardExt()"). */
  source: string;
  /** It came over HTTP, where the wire contract (spec §7) says what to answer. */
  wire: boolean;
}

export interface Reach<Input> {
  hook?: (input: Input) => unknown;
  /** The hook's name, for messages: "getSignature()". */
  hookName: string;
  /** The endpoint's request under the wire contract; undefined where no URL is configured. */
  request?: (input: Input) => Pick<JsonRequest, 'url' | 'method' | 'body'>;
  /** What the endpoint is, for messages: "signature endpoint". */
  what: string;
  timeoutMs: number;
  failure: CouponErrorCode;
  /** For a hook's failure: "for card p1…". */
  context: (input: Input) => string;
}

/**
 * One kind of answer from the merchant's server, "URL or hook" decided once, here, for every
 * kind alike: the page's hook where it gave one, else the endpoint over HTTP. Undefined where
 * neither is configured.
 */
export function reach<Input>(how: Reach<Input>): ((input: Input) => Promise<Reached>) | undefined {
  const { hook, request } = how;
  if (hook) {
    return async (input) => ({
      // A copy of an object input: the merchant's hook cannot change what the engine sends.
      raw: await callHook(how.hookName, () => hook(typeof input === 'object' ? (Object.assign({}, input) as Input) : input), how.timeoutMs, how.failure, how.context(input)),
      source: how.hookName,
      wire: false,
    });
  }
  if (!request) return undefined;
  return async (input) => {
    const endpoint = Object.assign({ timeoutMs: how.timeoutMs, failure: how.failure, what: how.what }, request(input));
    return { raw: await requestJson(endpoint), source: endpoint.url, wire: true };
  };
}
