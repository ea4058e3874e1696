import { CouponError, type CouponErrorCode } from '../../errors/CouponError';
import { withTimeout } from '../../utils/timeout';

/**
 * Calls a merchant's own transport hook (getSignature, getCardExt, getCardSign) under the
 * same rules as our HTTP calls: it must settle within `timeoutMs` (else TIMEOUT), and
 * anything it throws becomes `failure` with the original as `cause`.
 */
export async function callHook<T>(name: string, run: () => T | Promise<T>, timeoutMs: number, failure: CouponErrorCode, context: string): Promise<T> {
  try {
    return await withTimeout(
      Promise.resolve().then(run),
      timeoutMs,
      () => new CouponError('TIMEOUT', `${name} did not settle within ${timeoutMs} ms.`, { request: name }),
    );
  } catch (cause) {
    if (cause instanceof CouponError) throw cause;
    throw new CouponError(failure, `${name} failed ${context}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, request: name });
  }
}
