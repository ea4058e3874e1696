import { describe, expect, it, vi } from 'vitest';
import { createAhead } from '../../../src/page/transport/ahead';

const TTL = 10 * 60_000;

describe('createAhead: answers fetched ahead, handed over once', () => {
  it('hands what was put under a key over once; the next take fetches', async () => {
    const ahead = createAhead<string>(TTL);
    const fetch = vi.fn(async () => 'fetched');
    ahead.put('a', Promise.resolve('ahead'), false);
    expect(ahead.has('a')).toBe(true);
    expect(await ahead.take('a', fetch)).toBe('ahead');
    expect(ahead.has('a')).toBe(false);
    expect(await ahead.take('a', fetch)).toBe('fetched');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('keeps keys apart', async () => {
    const ahead = createAhead<string>(TTL);
    ahead.put('a', Promise.resolve('for a'), false);
    expect(await ahead.take('b', async () => 'fetched for b')).toBe('fetched for b');
    expect(await ahead.take('a', async () => 'fetched for a')).toBe('for a');
  });

  it('hands a failure started for a waiting call over as it is, even after it failed unobserved', async () => {
    const ahead = createAhead<string>(TTL);
    ahead.put('a', Promise.reject(new Error('offline')), false);
    await new Promise((resolve) => setTimeout(resolve)); // failed by now, with nobody waiting: no unhandled rejection
    const fetch = vi.fn(async () => 'fetched');
    await expect(ahead.take('a', fetch)).rejects.toThrow('offline');
    expect(fetch).not.toHaveBeenCalled(); // one request for the call, one failure reported
    expect(await ahead.take('a', fetch)).toBe('fetched');
  });

  it('fetches anew where a speculative one (a prefetch) failed', async () => {
    const ahead = createAhead<string>(TTL);
    ahead.put('a', Promise.reject(new Error('offline')), true);
    expect(await ahead.take('a', async () => 'fetched')).toBe('fetched');
  });

  it('dropUnspeculative() drops what calls started, and keeps prefetched and embedded answers', async () => {
    const ahead = createAhead<string>(TTL);
    ahead.put('started', Promise.resolve('started'), false);
    ahead.put('embedded', Promise.resolve('embedded'), true);
    ahead.dropUnspeculative();
    expect(await ahead.take('started', async () => 'fetched')).toBe('fetched');
    expect(await ahead.take('embedded', async () => 'fetched')).toBe('embedded');
  });

  it('stops handing an answer over once it is older than its time to live', async () => {
    vi.useFakeTimers();
    try {
      const ahead = createAhead<string>(TTL);
      ahead.put('a', Promise.resolve('old'), true);
      vi.advanceTimersByTime(TTL - 1);
      expect(ahead.has('a')).toBe(true);
      vi.advanceTimersByTime(1);
      expect(ahead.has('a')).toBe(false);
      expect(await ahead.take('a', async () => 'fetched')).toBe('fetched');
    } finally {
      vi.useRealTimers();
    }
  });
});
