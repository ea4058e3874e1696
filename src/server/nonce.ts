// Random strings for nonces (and the stand-in's tokens) from Web Crypto.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// One getRandomValues call per 4 KiB instead of one per nonce: the call itself, not the bytes,
// is what costs on a signing hot path.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  return pool[poolAt++] as number;
}

export function randomString(length: number, alphabet = ALPHABET): string {
  // Rejecting the bytes above the largest multiple of the alphabet size keeps the draw uniform.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < limit) out += alphabet[byte % alphabet.length];
  }
  return out;
}

/** A 16-character nonceStr: WeChat accepts up to 32 characters of [A-Za-z0-9]. */
export const newNonce = (): string => randomString(16);
