// Issue 12 item 8, for any input: the stand-in consumes and decrypts only what it issued.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encryptSimulatedCode } from '../../../src/simulator/codes';
import { cardWorld } from './cardWorld';

describe('WeChat API stand-in: only its own codes', () => {
  it('answers 40056 to any code or encrypt_code it did not issue, and keeps serving its own', async () => {
    const { add, api, create } = await cardWorld();
    const other = await cardWorld();
    const cardId = await create();
    const mine = await add(cardId);
    const otherCard = await other.create();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^\d{12}$/), fc.string({ maxLength: 30 }), fc.stringMatching(/^[\w-]{1,20}$/)),
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
          fc.stringMatching(/^\d{12}$/).map(encryptSimulatedCode), // the browser-only simulator's scrambling
        ),
        async (code, encryptCode) => {
          fc.pre(code !== mine.code && encryptCode !== mine.encrypt_code);
          expect((await api('card/code/consume', { code })).errcode).toBe(40056);
          expect((await api('card/code/decrypt', { encrypt_code: encryptCode })).errcode).toBeOneOf([40056, 41011]);
        },
      ),
      { numRuns: 200 },
    );
    // Another stand-in's codes, with and without their card_id.
    const theirs = await other.add(otherCard);
    expect((await api('card/code/decrypt', { encrypt_code: theirs.encrypt_code })).errcode).toBe(40056);
    expect((await api('card/code/consume', { code: theirs.code })).errcode).toBe(40056);
    expect((await api('card/code/consume', { code: theirs.code, card_id: otherCard })).errcode).toBe(40073);
    expect(await api('card/code/decrypt', { encrypt_code: mine.encrypt_code })).toMatchObject({ errcode: 0, code: mine.code });
    expect((await api('card/code/consume', { code: mine.code })).errcode).toBe(0);
  });
});
