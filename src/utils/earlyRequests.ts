import { requestJson, type JsonRequest } from './requestJson';

export type RequestJson = (request: JsonRequest) => Promise<Record<string, unknown>>;

export interface EarlyRequests {
  /**
   * Sends `request` now, for the engine to pick up when it arrives (the same request once);
   * with `answer`, sends nothing: that is its answer (what the server embedded in the page).
   */
  start(request: JsonRequest, answer?: Record<string, unknown>): void;
  /** A request started early, handed over once; anything else goes to the network now. */
  request: RequestJson;
  /** Drops what was not handed over: it could only go stale. */
  clear(): void;
}

const keyOf = (request: JsonRequest) => `${request.method} ${request.url} ${JSON.stringify(request.body ?? null)}`;

/**
 * Requests the page sends while the engine (weixin-js-sdk, wx.config, the card calls) is
 * still downloading, so that the signature and card_ext travel beside it instead of after
 * it: a cold page's first tap then waits for one round trip, not two.
 */
export function createEarlyRequests(send: RequestJson = requestJson): EarlyRequests {
  const started = new Map<string, Promise<Record<string, unknown>>>();
  return {
    start(request, answer) {
      const key = keyOf(request);
      if (started.has(key)) return;
      const pending = answer ? Promise.resolve(answer) : send(request);
      // A failure goes to whoever takes the request (the engine, the turn it arrives, which
      // then reports it once); clear() drops anything left, so nothing goes stale here.
      pending.catch(() => undefined);
      started.set(key, pending);
    },
    request(request) {
      const key = keyOf(request);
      const pending = started.get(key);
      started.delete(key);
      return pending ?? send(request);
    },
    clear: () => started.clear(),
  };
}
