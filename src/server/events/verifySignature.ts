// The signatures on WeChat's pushes to the merchant's server URL: `signature` over the token,
// timestamp and nonce (URL verification, plain and compatible mode), and `msg_signature` over
// those and the `Encrypt` element (compatible and safe mode). SHA-1 of the values sorted as
// strings and concatenated, as lowercase hex.
import { sha1Hex } from '../sign';

/** `signature` (no `encrypt`) or `msg_signature` (with the `Encrypt` element's text). */
export function pushSignature(token: string, timestamp: string, nonce: string, encrypt?: string): Promise<string> {
  const values = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return sha1Hex(values.sort().join(''));
}

/**
 * Whether `given` is the signature we computed, compared in constant time so that the time an
 * answer takes says nothing about how many leading characters of a forged signature were right.
 */
export function signatureMatches(expected: string, given: string | null): boolean {
  if (given === null || given.length !== expected.length) return false;
  const lower = given.toLowerCase();
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ lower.charCodeAt(i);
  return difference === 0;
}
