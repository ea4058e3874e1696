/**
 * Concurrent calls with the same key share one run of `work`: 200 requests arriving on a cold
 * cache make one upstream fetch, not 200. The key is forgotten once the run settles, so a
 * failure is not cached.
 */
export function singleFlight<T>(): (key: string, work: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, work) => {
    const existing = running.get(key);
    if (existing) return existing;
    // `work` starts on a later microtask, after the entry is registered, so even a synchronous
    // throw settles a promise that is already in the map and gets removed again.
    const run: Promise<T> = Promise.resolve()
      .then(work)
      .finally(() => {
        if (running.get(key) === run) running.delete(key);
      });
    running.set(key, run);
    return run;
  };
}
