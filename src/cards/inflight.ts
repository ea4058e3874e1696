/**
 * Shares one promise between identical requests made while the first is pending, so a
 * double tap makes one bridge call and both callers get its result.
 */
export function createInflight(): <T>(key: string, start: () => Promise<T>) => Promise<T> {
  const pending = new Map<string, Promise<unknown>>();
  return <T>(key: string, start: () => Promise<T>): Promise<T> => {
    const existing = pending.get(key);
    if (existing) return existing as Promise<T>;
    const started = start().finally(() => pending.delete(key));
    pending.set(key, started);
    return started;
  };
}
