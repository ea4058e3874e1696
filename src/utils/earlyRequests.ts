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
  /**
   * Drops the requests sent early and not handed over: they could only go stale. Answers the
   * server embedded stay until taken (a button's first tap may come much later), for as
   * long as a prefetched card_ext would.
   */
  clear(): void;
}

/** How long an embedded answer is handed over: as long as the engine keeps a prefetched card_ext. */
const EMBEDDED_TTL_MS = 10 * 60_000;

const keyOf = (request: JsonRequest) => `${request.method} ${request.url} ${JSON.stringify(request.body ?? null)}`;

/**
 * Requests the page sends while the engine (weixin-js-sdk, wx.config, the card calls) is
 * still downloading, so that the signature and card_ext travel beside it instead of after
 * it: a cold page's first tap then waits for one round trip, not two.
 */
export function createEarlyRequests(send: RequestJson = requestJson): EarlyRequests {
  const started = new Map<string, Promise<Record<string, unknown>>>();
  /** Keys answered by the page's embedded config, and when. */
  const embeddedAt = new Map<string, number>();
  return {
    start(request, answer) {
      const key = keyOf(request);
      if (started.has(key)) return;
      const pending = answer ? Promise.resolve(answer) : send(request);
      // A failure goes to whoever takes the request (the engine, the turn it arrives, which
      // then reports it once); clear() drops anything left, so nothing goes stale here.
      pending.catch(() => undefined);
      started.set(key, pending);
      if (answer) embeddedAt.set(key, Date.now());
    },
    request(request) {
      const key = keyOf(request);
      const at = embeddedAt.get(key);
      const pending = at === undefined || Date.now() - at < EMBEDDED_TTL_MS ? started.get(key) : undefined;
      started.delete(key);
      embeddedAt.delete(key);
      return pending ?? send(request);
    },
    clear() {
      for (const key of started.keys()) if (!embeddedAt.has(key)) started.delete(key);
    },
  };
}
