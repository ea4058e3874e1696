// Property (SECURITY.md, "No answer of one route is a valid signature of another"): with
// allowedCardIds set, no POST …/card-sign answer verifies as the card_ext of a card outside the
// allowlist, nor of an allowed card whose card_ext the cardExt hook binds (to an openid or a
// custom code): that card_ext would be bound to nobody, or to a code of the caller's choosing. card_ext and cardSign are the same rule — sort the values as strings, concatenate,
// SHA-1 — over the same wx_card ticket, so an answer is usable as a card_ext for card Y exactly
// when the text it signs can be cut into sorted pieces that are {ticket, Y, timestamp, nonce_str,
// code?, openid?}. The check below decides that exactly, by searching every such cut, and
// confirms each hit with signCardExt (the rule our simulator's batchAddCard verifies with).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCouponHandler, signCardExt } from '../../src/server';
import { APP_ID, setup } from './fixtures';

// WeChat card ids: "p" and 27 characters of [A-Za-z0-9_-] (e.g. pjZ8Yt1XGILfi-FUsewpnnolGgZk).
const ID_CHAR = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const cardIdArb = fc.string({ unit: fc.constantFrom(...ID_CHAR), minLength: 27, maxLength: 27 }).map((tail) => `p${tail}`);

/**
 * The card_ext fields (timestamp, nonce_str, code, openid) that make `signed` — the sorted
 * values a card-sign answer signed, ticket included — read as a card_ext for `cardId`, or null.
 */
function cardExtReading(signed: string[], ticket: string, cardId: string): string[] | null {
  const text = [...signed].sort().join('');
  // Pieces in sorted order, covering `text`, among them the ticket and the card id, with two to
  // four others (timestamp and nonce_str are required; code and openid are optional).
  const search = (at: number, previous: string, pieces: string[]): string[] | null => {
    if (at === text.length) {
      const others = [...pieces];
      for (const fixed of [ticket, cardId]) {
        const index = others.indexOf(fixed);
        if (index < 0) return null;
        others.splice(index, 1);
      }
      return others.length >= 2 && others.length <= 4 ? others : null;
    }
    if (pieces.length === 6) return null;
    for (let end = at + 1; end <= text.length; end++) {
      const piece = text.slice(at, end);
      if (piece < previous) continue;
      const found = search(end, piece, [...pieces, piece]);
      if (found) return found;
    }
    return null;
  };
  // Cheap necessary condition first: the card id has to be a run of the text outside the ticket.
  const ticketAt = text.indexOf(ticket);
  const outside = [text.slice(0, ticketAt), text.slice(ticketAt + ticket.length)];
  if (!outside.some((part) => part.includes(cardId))) return null;
  return search(0, '', []);
}

describe('card-sign answers are never a card_ext for a card outside allowedCardIds or bound by the cardExt hook', () => {
  it('holds for any allowlist, binding hook, request (shopId, cardType, cardId) and the cards the account has', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(cardIdArb, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        // Per allowed card: the hook binds an openid, a custom code, or nothing (outer_str only).
        fc.array(fc.constantFrom('openid', 'code', 'none'), { minLength: 6, maxLength: 6 }),
        fc.record(
          {
            shopId: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.stringMatching(/^\d{1,20}$/)),
            cardType: fc.oneof(fc.constantFrom('GROUPON', 'CASH', 'DISCOUNT', 'GIFT', 'GENERAL_COUPON', 'MEMBER_CARD'), fc.stringMatching(/^[A-Z_]{1,32}$/)),
            cardPick: fc.nat(),
          },
          { requiredKeys: [] },
        ),
        async (cards, split, bindings, { shopId, cardType, cardPick }) => {
          const allowed = cards.slice(0, Math.min(split, cards.length - 1));
          const refused = cards.filter((card) => !allowed.includes(card));
          const binding = (card: string) => bindings[allowed.indexOf(card)] ?? 'none';
          const bound = allowed.filter((card) => binding(card) !== 'none');
          const cardExt = (_request: Request, card: string) =>
            binding(card) === 'openid' ? { openid: 'oSessionUser0000000000000000' } : binding(card) === 'code' ? { code: '880011223344' } : { outerStr: 'poster' };
          const { api, standIn } = setup();
          const handler = createCouponHandler({ api, appId: APP_ID, allowedUrls: ['https://m.example.com'], allowedCardIds: allowed, cardExt });
          const cardId = cardPick === undefined ? undefined : cards[cardPick % cards.length];
          const request = { shopId, cardType, cardId };
          const response = await handler(
            new Request('http://localhost/api/wx/card-sign', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) }),
          );
          const body = (await response.json()) as Record<string, any>;
          if (cardId !== undefined && (refused.includes(cardId) || bound.includes(cardId))) {
            expect(response.status).toBe(403);
            expect(body.error).toBe('card_not_allowed');
            return;
          }
          expect(response.status).toBe(200);
          const ticket = standIn.currentTickets().wx_card;
          const signed = [ticket, APP_ID, String(body.timestamp), body.nonceStr, shopId, cardType, cardId]
            .filter((value) => value !== undefined && value !== '')
            .map(String);
          for (const card of [...refused, ...bound]) {
            const reading = cardExtReading(signed, ticket, card);
            if (reading) {
              // Show what would verify, so that a failure says how.
              const [timestamp = '', nonceStr = '', code, openid] = reading;
              expect(await signCardExt({ apiTicket: ticket, cardId: card, timestamp, nonceStr, code, openid })).toBe(body.cardSign);
            }
            expect(reading, `the card-sign answer for ${JSON.stringify(request)} reads as a card_ext for ${card}`).toBeNull();
          }
          // And the search does find the reading it must: the card the answer is for, with code = appId.
          if (cardId !== undefined && shopId === undefined && cardType === undefined) {
            expect(cardExtReading(signed, ticket, cardId)).not.toBeNull();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
