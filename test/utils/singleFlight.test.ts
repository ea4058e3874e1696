import { describe, expect, it, vi } from 'vitest';
import { singleFlight } from '../../src/utils/singleFlight';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('singleFlight', () => {
  it('shares one run between calls with the same key while it runs, and starts it in the caller’s turn', async () => {
    const flight = singleFlight();
    const pending = deferred<string>();
    const work = vi.fn(() => pending.promise);
    const first = flight('a', work);
    expect(work).toHaveBeenCalledTimes(1); // already started: a card call's requests go out at once
    const second = flight('a', work);
    const other = flight('b', async () => 'b');
    pending.resolve('a');
    expect(await Promise.all([first, second, other])).toEqual(['a', 'a', 'b']);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('forgets a key once its run settled, so a failure is not kept', async () => {
    const flight = singleFlight();
    await expect(flight('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(flight('a', async () => 'up')).resolves.toBe('up');
  });

  it('turns a synchronous throw into a rejection of the shared run, and forgets it too', async () => {
    const flight = singleFlight();
    const broken = () => {
      throw new Error('sync');
    };
    const [first, second] = [flight('a', broken), flight('a', broken)];
    await expect(first).rejects.toThrow('sync');
    await expect(second).rejects.toThrow('sync');
    await expect(flight('a', async () => 'ok')).resolves.toBe('ok');
  });
});
