// WXBizMsgCrypt against independent implementations: WxJava's published test vector, and the
// wechat-crypto npm package both ways (theirs encrypts, ours decrypts, and back).
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ServerError, type ServerErrorCode } from '../../../src/server';
import { MsgCryptError } from '../../../src/server/errors/MsgCryptError';
import { createMsgCrypt } from '../../../src/server/events/msgCrypt';
import { pushSignature, signatureMatches } from '../../../src/server/events/verifySignature';

interface TheirCrypt {
  encrypt(text: string): string;
  decrypt(text: string): { message: string; id: string };
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
}
const WXBizMsgCrypt = createRequire(import.meta.url)('wechat-crypto') as new (token: string, key: string, id: string) => TheirCrypt;

// WxJava, weixin-java-common WxCryptUtilTest.
const WXJAVA = {
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

describe('createMsgCrypt', () => {
  const crypt = createMsgCrypt(WXJAVA.encodingAESKey, WXJAVA.appId);

  it('encrypts WxJava’s test vector byte for byte', async () => {
    expect(await crypt.encrypt(WXJAVA.message, new TextEncoder().encode(WXJAVA.random))).toBe(WXJAVA.encrypted);
  });

  it('decrypts WxJava’s test vector', async () => {
    expect(await crypt.decrypt(WXJAVA.encrypted)).toBe(WXJAVA.message);
  });

  it('round-trips with wechat-crypto both ways, for any text (padding lengths 1..32 included)', async () => {
    const theirs = new WXBizMsgCrypt('token123', WXJAVA.encodingAESKey, WXJAVA.appId);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (message) => {
        expect(await crypt.decrypt(theirs.encrypt(message))).toBe(message);
        expect(theirs.decrypt(await crypt.encrypt(message))).toEqual({ message, id: WXJAVA.appId });
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a message encrypted for another AppID with wrong_app_id', async () => {
    const other = createMsgCrypt(WXJAVA.encodingAESKey, 'wx0000000000000000');
    const error = await crypt.decrypt(await other.encrypt('<xml/>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MsgCryptError);
    expect((error as MsgCryptError).code).toBe('wrong_app_id');
  });

  it('MsgCryptError is a ServerError with a typed code, its name and message kept', async () => {
    const error = await crypt.decrypt('AAAA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'MsgCryptError', code: 'invalid_ciphertext', message: expect.stringContaining('EncodingAESKey') });
    expectTypeOf<MsgCryptError['code']>().toEqualTypeOf<'invalid_ciphertext' | 'wrong_app_id'>();
    expectTypeOf<MsgCryptError['code']>().toExtend<ServerErrorCode>();
    expectTypeOf<MsgCryptError>().toExtend<ServerError>();
  });

  it('refuses ciphertext from another key, truncated, not base64 or empty with invalid_ciphertext', async () => {
    const otherKey = createMsgCrypt('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut', WXJAVA.appId);
    const samples = [await otherKey.encrypt('<xml/>'), WXJAVA.encrypted.slice(0, 44), 'not base64!', '', 'AAAA'];
    for (const sample of samples) {
      const error = await crypt.decrypt(sample).catch((e: unknown) => e);
      expect(error, sample).toBeInstanceOf(MsgCryptError);
      expect((error as MsgCryptError).code).toBe('invalid_ciphertext');
      expect((error as Error).message).not.toContain(WXJAVA.encodingAESKey);
    }
  });

  it('refuses an EncodingAESKey that is not 43 letters and digits, without repeating it', () => {
    const bad = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=';
    expect(() => createMsgCrypt(bad, WXJAVA.appId)).toThrow(/43 letters and digits/);
    try {
      createMsgCrypt(bad, WXJAVA.appId);
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });
});

describe('pushSignature', () => {
  it('matches wechatpy’s check_signature vector (token test, timestamp 1410685589, nonce test)', async () => {
    expect(await pushSignature('test', '1410685589', 'test')).toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff');
  });

  it('makes the msg_signature wechat-crypto makes over the Encrypt text', async () => {
    const theirs = new WXBizMsgCrypt('token123', WXJAVA.encodingAESKey, WXJAVA.appId);
    expect(await pushSignature('token123', '1700000000', '42', WXJAVA.encrypted)).toBe(theirs.getSignature('1700000000', '42', WXJAVA.encrypted));
  });

  it('signatureMatches accepts the signature in either case and nothing else', () => {
    const good = 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff';
    expect(signatureMatches(good, good)).toBe(true);
    expect(signatureMatches(good, good.toUpperCase())).toBe(true);
    expect(signatureMatches(good, `${good.slice(0, -1)}0`)).toBe(false);
    expect(signatureMatches(good, good.slice(1))).toBe(false);
    expect(signatureMatches(good, null)).toBe(false);
  });
});
