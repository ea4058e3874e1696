// The codes the stand-in issued, one per add, tracked per app and per openid with the add's
// outer_str, and their life: NORMAL → CONSUMED, UNAVAILABLE, DELETE or GIFT_SUCC. encrypt_codes are
// AES-256-GCM under a key drawn when the stand-in starts, so only the stand-in that issued a
// code can decrypt it (another instance, or a made-up string, gets 40056 like WeChat's).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WeChatError } from './errcodes';

/** As card/code/get's user_card_status names them. */
export type CodeStatus = 'NORMAL' | 'CONSUMED' | 'UNAVAILABLE' | 'DELETE' | 'GIFT_SUCC';

export interface IssuedCode {
  appId: string;
  cardId: string;
  code: string;
  openid: string;
  outerStr: string;
  status: CodeStatus;
  addedAt: number;
}

/** What a real code looks like: WeChat's are 12 digits; custom codes up to 20 characters of [A-Za-z0-9_-]… */
export const CODE_PATTERN = /^[\w-]{1,64}$/;

export type CodeStore = ReturnType<typeof createCodeStore>;

export function createCodeStore() {
  let key = randomBytes(32);
  let codes = new Map<string, IssuedCode>();
  const keyOf = (appId: string, code: string) => `${appId}\n${code}`;

  /** The encrypt_code for a code: base64 with "+", "/" and "=", as WeChat's are. */
  function encrypt(appId: string, code: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(appId));
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  function decrypt(appId: string, encryptCode: string): string {
    const bytes = Buffer.from(encryptCode, 'base64');
    try {
      if (bytes.length < 29) throw new Error('short');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(appId));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const code = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      if (!codes.has(keyOf(appId, code))) throw new Error('not issued');
      return code;
    } catch {
      throw new WeChatError(40056);
    }
  }

  /** A fresh 12-digit code no card of this app has. */
  function newCode(appId: string): string {
    for (;;) {
      const digits = Array.from(randomBytes(12), (b) => String(b % 10)).join('');
      if (digits[0] !== '0' && !codes.has(keyOf(appId, digits))) return digits;
    }
  }

  return {
    encrypt,
    decrypt,
    newCode,
    has: (appId: string, code: string) => codes.has(keyOf(appId, code)),
    issue(entry: Omit<IssuedCode, 'status'>): IssuedCode {
      const issued: IssuedCode = { ...entry, status: 'NORMAL' };
      codes.set(keyOf(entry.appId, entry.code), issued);
      return issued;
    },
    /** The issued code, or 40056 for one this app never issued (or one for another card_id). */
    find(appId: string, code: unknown, cardId?: string): IssuedCode {
      if (typeof code !== 'string' || !CODE_PATTERN.test(code)) throw new WeChatError(40056);
      const found = codes.get(keyOf(appId, code));
      if (!found || (cardId !== undefined && found.cardId !== cardId)) throw new WeChatError(40056);
      return found;
    },
    ofUser: (appId: string, openid: string) => [...codes.values()].filter((c) => c.appId === appId && c.openid === openid),
    ofCard: (appId: string, cardId: string, openid: string) => [...codes.values()].filter((c) => c.appId === appId && c.cardId === cardId && c.openid === openid),
    reset() {
      key = randomBytes(32);
      codes = new Map();
    },
  };
}
