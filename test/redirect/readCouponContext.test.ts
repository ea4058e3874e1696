import { describe, expect, it } from 'vitest';
import { readCouponContext } from '../../src/redirect';

const CODE = 'XXIzTtMqCxwOaawoE91+VJdsFmv7b8g0VZIZkqf4GWA60Fzpc8ksZ/5ZZ0DVkXdE=';
const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const OPENID = 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA';
const none = { cardId: null, encryptCode: null, openid: null, outerStr: null };

describe('readCouponContext', () => {
  it('reads the parameters WeChat appends to a plain URL', () => {
    const url = `https://m.example.com/use?encrypt_code=${encodeURIComponent(CODE)}&card_id=${CARD}&openid=${OPENID}&outer_str=spring-sale`;
    expect(readCouponContext(url)).toEqual({ cardId: CARD, encryptCode: CODE, openid: OPENID, outerStr: 'spring-sale' });
  });

  it('appends to an existing query', () => {
    const url = `https://m.example.com/use?shop=12&from=menu&encrypt_code=${encodeURIComponent(CODE)}&card_id=${CARD}`;
    expect(readCouponContext(url)).toMatchObject({ cardId: CARD, encryptCode: CODE });
  });

  it('restores "+" that arrived unescaped and "/" "=" left as they are', () => {
    const url = `https://m.example.com/use?encrypt_code=${CODE}&card_id=${CARD}`;
    expect(readCouponContext(url).encryptCode).toBe(CODE);
  });

  it('restores "+" that was escaped as a space', () => {
    const url = `https://m.example.com/use?encrypt_code=${CODE.replace('+', '%20')}&card_id=${CARD}`;
    expect(readCouponContext(url).encryptCode).toBe(CODE);
  });

  it('reads a query inside a hash route', () => {
    const url = `https://m.example.com/#/use?x=1&encrypt_code=${encodeURIComponent(CODE)}&card_id=${CARD}`;
    expect(readCouponContext(url)).toMatchObject({ cardId: CARD, encryptCode: CODE });
    const bang = `https://m.example.com/app/#!/coupon/use?encrypt_code=${CODE}&card_id=${CARD}&outer_str=a%20b`;
    expect(readCouponContext(bang)).toEqual({ cardId: CARD, encryptCode: CODE, openid: null, outerStr: 'a b' });
  });

  it('reads parameters appended with "&" to a hash route that has no "?" of its own', () => {
    const url = `https://m.example.com/?a=1#/use&encrypt_code=${encodeURIComponent(CODE)}&card_id=${CARD}`;
    expect(readCouponContext(url)).toMatchObject({ cardId: CARD, encryptCode: CODE });
  });

  it('starts a hash route’s parameters at its first "?" or "&", whatever "?" a value holds', () => {
    const url = `https://m.example.com/?a=1#/use&encrypt_code=${CODE}&card_id=${CARD}&outer_str=from?poster`;
    expect(readCouponContext(url)).toEqual({ cardId: CARD, encryptCode: CODE, openid: null, outerStr: 'from?poster' });
  });

  it('reads the query before a hash, and lets the hash (appended later) win', () => {
    expect(readCouponContext(`https://m.example.com/use?card_id=${CARD}&encrypt_code=${CODE}#/detail`)).toMatchObject({ cardId: CARD, encryptCode: CODE });
    expect(readCouponContext(`https://m.example.com/?card_id=old#/use?card_id=${CARD}`).cardId).toBe(CARD);
  });

  it('turns empty values into null and keeps a later filled one', () => {
    expect(readCouponContext('https://m.example.com/use?encrypt_code=&card_id=&openid=&outer_str=')).toEqual(none);
    expect(readCouponContext(`https://m.example.com/use?card_id=&card_id=${CARD}`).cardId).toBe(CARD);
  });

  it('rejects ids that are not plain id characters or too long', () => {
    expect(readCouponContext('https://x/?card_id=abc%3Cscript%3E&openid=a.b').cardId).toBeNull();
    expect(readCouponContext('https://x/?openid=a.b').openid).toBeNull();
    expect(readCouponContext(`https://x/?card_id=${'a'.repeat(65)}`).cardId).toBeNull();
    expect(readCouponContext(`https://x/?card_id=${'a'.repeat(64)}`).cardId).toBe('a'.repeat(64));
    expect(readCouponContext('https://x/?card_id=p-_9Z').cardId).toBe('p-_9Z');
  });

  it('rejects an encrypt_code that is not base64-like', () => {
    expect(readCouponContext('https://x/?encrypt_code=%3Cimg%3E').encryptCode).toBeNull();
    expect(readCouponContext('https://x/?encrypt_code=abc%00').encryptCode).toBeNull();
  });

  it('gives all null for garbage, never an exception', () => {
    for (const junk of ['', '?', '#', '&&&', '%', 'https://x/?encrypt_code=%E0%A4%A&card_id=%', '?=&=&card_id', '\u0000\uffff', 'x'.repeat(200_000), '?card_id=' + '%'.repeat(10_000)]) {
      expect(readCouponContext(junk)).toEqual(none);
    }
    for (const notString of [null, 42, {}, []]) {
      expect(readCouponContext(notString as unknown as string)).toEqual(none);
    }
  });

  it('keeps the good fields when one is malformed', () => {
    expect(readCouponContext(`https://x/?encrypt_code=%E0%A4%A&card_id=${CARD}`)).toEqual({ ...none, cardId: CARD });
  });

  it('gives all null where there is no location (Node)', () => {
    expect(readCouponContext()).toEqual(none);
  });
});
