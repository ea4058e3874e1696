import { describe, expect, it, vi } from 'vitest';
import { createEarlyRequests } from '../../src/utils/earlyRequests';
import type { JsonRequest } from '../../src/utils/requestJson';

const signature: JsonRequest = { url: '/api/wx/signature?url=x', method: 'GET', timeoutMs: 1000, failure: 'SIGNATURE_FAILED', what: 'signature endpoint' };
const cardExt = (cardId: string): JsonRequest => ({ url: '/api/wx/card-ext', method: 'POST', body: { cardId }, timeoutMs: 1000, failure: 'CARD_EXT_FAILED', what: 'card_ext endpoint' });

describe('createEarlyRequests', () => {
  it('sends a request once when started, and hands that answer over once', async () => {
    const send = vi.fn(async (request: JsonRequest) => ({ answer: request.url, n: send.mock.calls.length }));
    const early = createEarlyRequests(send);
    early.start(signature);
    early.start(signature); // the same request twice: still one
    expect(send).toHaveBeenCalledTimes(1);
    expect(await early.request(signature)).toEqual({ answer: signature.url, n: 1 });
    expect(await early.request(signature)).toEqual({ answer: signature.url, n: 2 }); // handed over already: to the network
  });

  it('tells requests apart by method, URL and body', async () => {
    const send = vi.fn(async (request: JsonRequest) => ({ body: request.body ?? null }));
    const early = createEarlyRequests(send);
    early.start(cardExt('pA'));
    expect(await early.request(cardExt('pB'))).toEqual({ body: { cardId: 'pB' } });
    expect(send).toHaveBeenCalledTimes(2);
    expect(await early.request(cardExt('pA'))).toEqual({ body: { cardId: 'pA' } });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('hands a failure over once, to whoever takes the request, even after it failed; the next ask goes to the network', async () => {
    let fail = true;
    const send = vi.fn(async () => {
      if (fail) throw new Error('offline');
      return { ok: true };
    });
    const early = createEarlyRequests(send);
    early.start(signature);
    await new Promise((resolve) => setTimeout(resolve)); // failed by now, with nobody waiting: no unhandled rejection
    fail = false;
    await expect(early.request(signature)).rejects.toThrow('offline');
    expect(await early.request(signature)).toEqual({ ok: true });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('clear() drops what was not handed over', async () => {
    const send = vi.fn(async () => ({ ok: true }));
    const early = createEarlyRequests(send);
    early.start(signature);
    early.clear();
    await early.request(signature);
    expect(send).toHaveBeenCalledTimes(2);
  });
});

describe('answers the server embedded in the page', () => {
  it('hands an embedded answer over once, without sending anything, and keeps it past clear()', async () => {
    const send = vi.fn(async () => ({ from: 'network' }));
    const early = createEarlyRequests(send);
    early.start(cardExt('pA'), { cardExt: 'embedded' });
    early.start(cardExt('pA')); // the same request again (a tap before the engine): still the embedded answer
    early.start(signature);
    early.clear(); // the engine arrived: what was sent early is dropped, the embedded answer stays
    expect(await early.request(cardExt('pA'))).toEqual({ cardExt: 'embedded' });
    expect(send).toHaveBeenCalledTimes(1); // only the signature went out
    expect(await early.request(cardExt('pA'))).toEqual({ from: 'network' }); // used once
    expect(await early.request(signature)).toEqual({ from: 'network' }); // dropped by clear(): asked anew
  });

  it('stops handing an embedded answer over after ten minutes: the page asks the server', async () => {
    vi.useFakeTimers();
    try {
      const send = vi.fn(async () => ({ from: 'network' }));
      const early = createEarlyRequests(send);
      early.start(cardExt('pA'), { cardExt: 'embedded' });
      vi.advanceTimersByTime(10 * 60_000);
      expect(await early.request(cardExt('pA'))).toEqual({ from: 'network' });
    } finally {
      vi.useRealTimers();
    }
  });
});
