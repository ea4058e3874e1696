import type { DecryptRequest, DecryptResponse } from '../contract';
import { CouponError } from '../errors/CouponError';
import { currentHref } from '../env/globals';
import { requestJson } from '../utils/requestJson';

export interface DecryptOptions {
  /** Your server's decrypt endpoint (wire contract: POST { encryptCode } → { code }). */
  url: string;
  timeoutMs?: number;
}

/**
 * Turns the `encrypt_code` of a redirect page (or chooseCard) into the real code, through
 * your server (`card/code/decrypt` needs the access token, which never reaches a browser).
 */
export async function decryptCouponCode(encryptCode: string, options: DecryptOptions): Promise<string> {
  if (typeof encryptCode !== 'string' || encryptCode === '') {
    throw new CouponError('INVALID_ARGUMENT', 'decryptCouponCode(): pass the encrypt_code (readCouponContext().encryptCode).');
  }
  if (!options || typeof options.url !== 'string' || options.url === '') {
    throw new CouponError('INVALID_ARGUMENT', 'decryptCouponCode(): pass { url } of your server’s decrypt endpoint.');
  }
  const base = currentHref();
  const url = base === undefined ? options.url : new URL(options.url, base).href;
  const body: DecryptRequest = { encryptCode };
  const json = await requestJson<DecryptResponse>({ url, method: 'POST', body, timeoutMs: options.timeoutMs ?? 8000, failure: 'DECRYPT_FAILED', what: 'decrypt endpoint' });
  if (typeof json.code !== 'string' || json.code === '') {
    throw new CouponError('DECRYPT_FAILED', `The decrypt endpoint (${url}) answered without a code.`, { cause: json, request: url });
  }
  return json.code;
}
