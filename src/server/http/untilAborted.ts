/**
 * `work`, or a rejection with the signal's reason as soon as `signal` aborts. fetch gives up on
 * abort, but a custom `fetch` (a wrapper, a runtime's polyfill, a test double) or the body
 * stream of its answer may ignore the signal and never settle; racing them keeps a timeout a
 * timeout. The losing promise is left to settle (or not) on its own.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
