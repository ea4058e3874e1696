// Random strings for nonces (and the stand-in's tokens) from Web Crypto.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number, alphabet = ALPHABET): string {
  // Rejecting the bytes above the largest multiple of the alphabet size keeps the draw uniform.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A 16-character nonceStr: WeChat accepts up to 32 characters of [A-Za-z0-9]. */
export const newNonce = (): string => randomString(16);
