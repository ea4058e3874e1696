/**
 * One kind of answer from the merchant's server (a signature, a card_ext, a card sign) with
 * what was fetched ahead of the engine asking for it: a prefetch, what the server embedded in
 * the page, or a request a call started beside the engine's download. At most one waits per
 * input, and each is handed over once. Keys are the transport's own (a page URL, a card),
 * never a request's text.
 */
export interface AnswerSource<Input, Answer> {
  /** The answer waiting for `input`, else one fetched now. */
  get(input: Input): Promise<Answer>;
  /**
   * Fetches the answer for `input` now, unless one waits already. `speculative`: nothing
   * waits for it yet (a prefetch), so if it fails the taker fetches anew. Otherwise a call
   * waits for it, and its failure is that call's to report.
   */
  ahead(input: Input, speculative: boolean): void;
  /** An answer the page already has (embedded by the server); one that fails its check is fetched anew. */
  put(input: Input, answer: Promise<Answer>): void;
  /** Drops what calls started and the engine did not take: it could only go stale. */
  dropUnspeculative(): void;
}

interface Entry<T> {
  answer: Promise<T>;
  at: number;
  speculative: boolean;
}

/** `ttlMs`: how long an answer waits; one older is dropped rather than risk a stale timestamp. */
export function createAnswerSource<Input, Answer>(fetch: (input: Input) => Promise<Answer>, keyOf: (input: Input) => string, ttlMs: number): AnswerSource<Input, Answer> {
  const entries = new Map<string, Entry<Answer>>();
  const fresh = (key: string): Entry<Answer> | undefined => {
    const entry = entries.get(key);
    if (entry && Date.now() - entry.at < ttlMs) return entry;
    entries.delete(key);
    return undefined;
  };
  const put = (input: Input, answer: Promise<Answer>, speculative: boolean) => {
    answer.catch(() => undefined); // reported to the taker, or never asked for
    entries.set(keyOf(input), { answer, at: Date.now(), speculative });
  };
  return {
    get(input) {
      const key = keyOf(input);
      const entry = fresh(key);
      entries.delete(key);
      if (!entry) return fetch(input);
      return entry.speculative ? entry.answer.catch(() => fetch(input)) : entry.answer;
    },
    ahead(input, speculative) {
      if (!fresh(keyOf(input))) put(input, fetch(input), speculative);
    },
    put: (input, answer) => put(input, answer, true),
    dropUnspeculative() {
      for (const [key, entry] of entries) if (!entry.speculative) entries.delete(key);
    },
  };
}
