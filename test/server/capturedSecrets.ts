// The values that must never reach a browser, a log line or an error: the AppSecret, and every
// access_token and ticket the WeChat API stand-in handed out, read off its answers as they pass.
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface CapturedSecrets {
  /** The stand-in's fetch, recording every access_token and ticket it answers with. */
  fetch: Fetch;
  /** The AppSecret plus everything recorded so far. */
  values(): string[];
  /** Also treat these as secret (e.g. `standIn.currentTickets()` at the end of a run). */
  add(...values: string[]): void;
  /** The first secret `text` contains, or null. */
  foundIn(text: string): string | null;
}

export function captureSecrets(appSecret: string, upstream: Fetch): CapturedSecrets {
  const secrets = new Set<string>([appSecret]);
  const add = (...values: string[]) => {
    for (const value of values) if (value) secrets.add(value);
  };
  return {
    async fetch(input, init) {
      const response = await upstream(input, init);
      try {
        const answer = (await response.clone().json()) as Record<string, unknown>;
        for (const field of ['access_token', 'ticket']) if (typeof answer[field] === 'string') add(answer[field] as string);
      } catch {
        // not JSON: nothing handed out
      }
      return response;
    },
    values: () => [...secrets],
    add,
    foundIn(text) {
      for (const secret of secrets) if (text.includes(secret)) return secret;
      return null;
    },
  };
}

/** A logger that keeps every line (message and fields), for checking that none holds a secret. */
export function captureLogs(): { logs: string[]; logger: Record<'debug' | 'info' | 'warn' | 'error', (message: string, fields?: Record<string, unknown>) => void> } {
  const logs: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) => void logs.push(`${message} ${JSON.stringify(fields)}`);
  return { logs, logger: { debug: log, info: log, warn: log, error: log } };
}
