// Whatever arrives, the receiver answers 200 or a 4xx (no 5xx while onEvent and the store
// work), and nothing without the right signature reaches onEvent.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createCardEventHandler, type CardEvent } from '../../../src/server';
import { AES_KEY, APP_ID, push, RECEIVER_URL, sha1Signature, TOKEN, userGetCardXml } from './pushes';

const xmlish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom('<xml>', '</xml>', '<![CDATA[', ']]>', '<MsgType>event</MsgType>', '<Event>user_get_card</Event>', '<Encrypt>AAAA</Encrypt>', '&amp;', '<!DOCTYPE', '\u0000'),
);
const bodies = fc.array(xmlish, { maxLength: 12 }).map((parts) => parts.join(''));

it('a signed push with any body: 200 or 4xx, never a 5xx', async () => {
  for (const encodingAESKey of [undefined, AES_KEY]) {
    const handle = createCardEventHandler({ token: TOKEN, appId: APP_ID, encodingAESKey, onEvent: () => {} });
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('plain', 'safe') as fc.Arbitrary<'plain' | 'safe'>, async (xml, mode) => {
        const response = await handle(push({ xml, mode }));
        expect(response.status === 200 || (response.status >= 400 && response.status < 500), `${response.status} for ${JSON.stringify(xml)}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  }
});

it('nothing reaches onEvent without the right signature, whatever the query', async () => {
  const events: CardEvent[] = [];
  const handle = createCardEventHandler({ token: TOKEN, appId: APP_ID, onEvent: (event) => void events.push(event) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.constantFrom('signature', 'timestamp', 'nonce', 'msg_signature', 'encrypt_type', 'openid'), fc.string({ maxLength: 50 })), async (query) => {
      if (query.signature === sha1Signature(TOKEN, query.timestamp ?? '', query.nonce ?? '')) return;
      const url = `${RECEIVER_URL}?${new URLSearchParams({ timestamp, ...query })}`;
      const response = await handle(new Request(url, { method: 'POST', body: userGetCardXml({ createTime: Number(timestamp) }) }));
      expect(response.status).toBe(403);
    }),
    { numRuns: 200 },
  );
  expect(events).toEqual([]);
});
