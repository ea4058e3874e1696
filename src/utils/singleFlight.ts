/**
 * Calls with the same key while one is running share its promise: a double tap makes one
 * bridge call and both callers get its result; 200 requests arriving on a cold cache make one
 * upstream fetch, not 200. The key is forgotten once the run settles, so a failure is not kept.
 * Used by the browser part (one card call per tap) and the server's credential cache alike.
 */
export type SingleFlight = <T>(key: string, work: () => Promise<T>) => Promise<T>;

export function singleFlight(): SingleFlight {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const existing = running.get(key);
    if (existing) return existing as Promise<T>;
    // `work` starts now, in the caller's turn (a card call's requests go out synchronously);
    // a synchronous throw becomes a rejection of the shared run, like any other failure.
    let started: Promise<T>;
    try {
      started = work();
    } catch (error) {
      started = Promise.reject(error);
    }
    const run = Promise.resolve(started).finally(() => {
      if (running.get(key) === run) running.delete(key);
    });
    running.set(key, run);
    return run;
  };
}
