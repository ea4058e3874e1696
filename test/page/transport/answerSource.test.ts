import { describe, expect, it, vi } from 'vitest';
import { createAnswerSource } from '../../../src/page/transport/answerSource';

const TTL = 10 * 60_000;

/** A source whose every fetch answers "<input> #n", n counting the fetches. */
function counting(fail = false) {
  const fetch = vi.fn(async (input: string) => {
    if (fail) throw new Error(`offline for ${input}`);
    return `${input} #${fetch.mock.calls.length}`;
  });
  return { fetch, source: createAnswerSource(fetch, (input: string) => input, TTL) };
}

describe('createAnswerSource: answers fetched ahead, each handed over once', () => {
  it('hands the answer fetched ahead over once; the next get fetches', async () => {
    const { fetch, source } = counting();
    source.ahead('a', false);
    source.ahead('a', false); // one waits already: nothing more is fetched
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await source.get('a')).toBe('a #1');
    expect(await source.get('a')).toBe('a #2');
  });

  it('keeps inputs apart', async () => {
    const { source } = counting();
    source.ahead('a', false);
    expect(await source.get('b')).toBe('b #2');
    expect(await source.get('a')).toBe('a #1');
  });

  it('hands a failure started for a waiting call over as it is, even after it failed unobserved', async () => {
    const { fetch, source } = counting(true);
    source.ahead('a', false);
    await new Promise((resolve) => setTimeout(resolve)); // failed by now, with nobody waiting: no unhandled rejection
    await expect(source.get('a')).rejects.toThrow('offline for a');
    expect(fetch).toHaveBeenCalledTimes(1); // one request for the call, one failure reported
  });

  it('fetches anew where a speculative one (a prefetch) or an answer put in failed', async () => {
    let fail = true;
    const fetch = vi.fn(async (input: string) => {
      if (fail) throw new Error('offline');
      return `${input} fetched`;
    });
    const source = createAnswerSource(fetch, (input: string) => input, TTL);
    source.ahead('a', true);
    source.put('b', Promise.reject(new Error('not a card_ext')));
    await new Promise((resolve) => setTimeout(resolve));
    fail = false;
    expect(await source.get('a')).toBe('a fetched');
    expect(await source.get('b')).toBe('b fetched');
  });

  it('dropUnspeculative() drops what calls started, and keeps prefetched and embedded answers', async () => {
    const { source } = counting();
    source.ahead('started', false);
    source.ahead('prefetched', true);
    source.put('embedded', Promise.resolve('embedded'));
    source.dropUnspeculative();
    expect(await source.get('started')).toBe('started #3');
    expect(await source.get('prefetched')).toBe('prefetched #2');
    expect(await source.get('embedded')).toBe('embedded');
  });

  it('stops handing an answer over once it is older than its time to live', async () => {
    vi.useFakeTimers();
    try {
      const { source } = counting();
      source.put('a', Promise.resolve('old'));
      source.put('b', Promise.resolve('young'));
      vi.advanceTimersByTime(TTL - 1);
      expect(await source.get('b')).toBe('young');
      vi.advanceTimersByTime(1);
      expect(await source.get('a')).toBe('a #1');
    } finally {
      vi.useRealTimers();
    }
  });
});
