// Secrets out of text that goes into errors and log lines: WeChat's errmsg (it has been known to
// echo what it was sent) and the description of a failed fetch. What has been seen echoed: the
// secret or token as sent, URL-encoded, in URLSearchParams form (`+` for a space), upper-cased,
// and a token cut short; and custom fetch implementations that put the URL, token and all, in
// their error's `name` or `cause.code`.

const MARK = '[redacted]';
/** A run this long of the start of a secret is redacted even when the rest is cut off. */
export const MIN_REDACTED_PREFIX = 8;
// Longer text is cut before it is searched, and the result cut again: errmsg is short.
const MAX_SEARCHED = 4096;

/** The forms a secret takes on the way to WeChat: as is, encodeURIComponent, URLSearchParams. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])];
}

const sameLetter = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && (a === b || a.toLowerCase() === b.toLowerCase());

/**
 * `text` with every form of every secret replaced by `[redacted]`: in any letter case, and also
 * a cut-off start of one (at least MIN_REDACTED_PREFIX characters, or the whole secret if it is
 * shorter). Cut to `maxLength` characters.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>, maxLength = 300): string {
  const searched = text.slice(0, MAX_SEARCHED);
  const covered = new Uint8Array(searched.length);
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of formsOf(secret)) {
      const least = Math.min(MIN_REDACTED_PREFIX, form.length);
      for (let at = 0; at + least <= searched.length; at++) {
        let length = 0;
        while (length < form.length && sameLetter(searched[at + length], form[length])) length++;
        if (length >= least) covered.fill(1, at, at + length);
      }
    }
  }
  let out = '';
  for (let i = 0; i < searched.length; i++) {
    if (!covered[i]) out += searched[i];
    else if (i === 0 || !covered[i - 1]) out += MARK;
  }
  return out.slice(0, maxLength);
}

/**
 * Why a fetch failed, by its error's name and `cause.code` only (its message may quote the
 * request URL), each redacted too: a custom fetch may put the URL in either.
 */
export function describeFailure(error: unknown, secrets: ReadonlyArray<string | undefined>): string {
  const name = error instanceof Error && typeof error.name === 'string' ? error.name : 'error';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${redact(cause.code, secrets, 80)})` : '';
  return `${redact(name, secrets, 80)}${code}`;
}
