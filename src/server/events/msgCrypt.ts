// WXBizMsgCrypt, the message encryption of WeChat's safe and compatible modes, over Web Crypto
// (Node ≥ 20, edge runtimes): key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes,
// AES-256-CBC over 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ AppID, PKCS#7-padded
// to a multiple of 32 bytes.
//
// Web Crypto's AES-CBC pads and unpads PKCS#7 to 16 bytes itself and cannot be told not to.
// Encrypting: we pad to 32 first, so the input is whole blocks, and drop the block of padding
// Web Crypto adds. Decrypting: we append one block that decrypts to a full block of 16s
// (E(0x10… XOR last ciphertext block), chained on the last block), which Web Crypto strips,
// leaving WeChat's own padding for us to check.
import { MsgCryptError } from '../errors/MsgCryptError';

export interface MsgCrypt {
  /** The `Encrypt` text for `message`. `random` (16 bytes) is for test vectors; fresh by default. */
  encrypt(message: string, random?: Uint8Array): Promise<string>;
  /** The message inside an `Encrypt` text; a MsgCryptError when it is malformed or for another AppID. */
  decrypt(encrypted: string): Promise<string>;
}

const BLOCK = 16;
const PAD_TO = 32;
const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the argument limit on large messages.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const invalid = () => new MsgCryptError('invalid_ciphertext', 'The Encrypt element does not decrypt with this EncodingAESKey; check that it matches the one set on the Official Accounts Platform.');

/** A TypeError (not naming the key) when `encodingAESKey` cannot be one. */
export function checkEncodingAESKey(encodingAESKey: unknown, where: string): asserts encodingAESKey is string {
  if (typeof encodingAESKey !== 'string' || !ENCODING_AES_KEY.test(encodingAESKey)) {
    throw new TypeError(
      `wx-coupon: ${where}'s encodingAESKey must be the 43 letters and digits of the EncodingAESKey set on the Official Accounts Platform (开发 → 基本配置 → 消息加解密密钥).`,
    );
  }
}

export function createMsgCrypt(encodingAESKey: string, appId: string): MsgCrypt {
  checkEncodingAESKey(encodingAESKey, 'createMsgCrypt');
  if (typeof appId !== 'string' || appId === '') throw new TypeError('wx-coupon: createMsgCrypt needs the AppID.');
  const keyBytes = fromBase64(`${encodingAESKey}=`);
  const iv = keyBytes.slice(0, BLOCK);
  const appIdBytes = new TextEncoder().encode(appId);
  let key: Promise<CryptoKey> | undefined;
  const aesKey = () => (key ??= crypto.subtle.importKey('raw', keyBytes, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']));

  return {
    async encrypt(message, random = crypto.getRandomValues(new Uint8Array(BLOCK))) {
      if (random.length !== BLOCK) throw new TypeError('wx-coupon: the random prefix of an encrypted message is 16 bytes.');
      const body = new TextEncoder().encode(message);
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, body.length);
      const plain = concat(random, length, body, appIdBytes);
      const pad = PAD_TO - (plain.length % PAD_TO);
      const padded = concat(plain, new Uint8Array(pad).fill(pad));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, await aesKey(), padded));
      return toBase64(sealed.subarray(0, padded.length));
    },

    async decrypt(encrypted) {
      const text = encrypted.trim();
      if (!BASE64.test(text)) throw invalid();
      const sealed = fromBase64(text);
      if (sealed.length === 0 || sealed.length % BLOCK !== 0) throw invalid();
      const k = await aesKey();
      const last = sealed.subarray(sealed.length - BLOCK);
      const fullPad = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: last }, k, new Uint8Array(BLOCK).fill(BLOCK))).subarray(0, BLOCK);
      let plain: Uint8Array;
      try {
        plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, k, concat(sealed, fullPad)));
      } catch {
        throw invalid();
      }
      const pad = plain[plain.length - 1] as number;
      if (pad < 1 || pad > PAD_TO || pad > plain.length) throw invalid();
      for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw invalid();
      const content = plain.subarray(BLOCK, plain.length - pad);
      if (content.length < 4) throw invalid();
      const length = new DataView(content.buffer, content.byteOffset, 4).getUint32(0);
      if (4 + length > content.length) throw invalid();
      let message: string;
      let id: string;
      try {
        const decoder = new TextDecoder('utf-8', { fatal: true });
        message = decoder.decode(content.subarray(4, 4 + length));
        id = decoder.decode(content.subarray(4 + length));
      } catch {
        throw invalid();
      }
      if (id !== appId) {
        throw new MsgCryptError('wrong_app_id', 'The message was encrypted for another AppID; check the appId this receiver is configured with.');
      }
      return message;
    },
  };
}
