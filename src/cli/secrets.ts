// Everything the CLI writes goes through one scrubber: the AppSecret and every token or ticket
// the process has seen are replaced before a byte reaches stdout or stderr, in text and JSON
// alike. The API client already keeps them out of its errors; this is the second wall, for
// whatever a future command or an upstream message might echo.
export interface SecretScrubber {
  /** Remember a value that must never be printed (short values are ignored: they would mangle output). */
  add(secret: string | undefined): void;
  scrub(text: string): string;
}

export function createSecretScrubber(): SecretScrubber {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (!secret || secret.length < 6) return;
      secrets.add(secret);
      secrets.add(encodeURIComponent(secret));
      secrets.add(JSON.stringify(secret).slice(1, -1));
    },
    scrub(text) {
      let out = text;
      for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
      return out;
    },
  };
}
