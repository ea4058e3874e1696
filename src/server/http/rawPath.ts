// The path as the client sent it, before a URL parser resolved it. `new URL()` (and so every
// Request) resolves `../`, `./` and `%2e%2e`: `/api/wx/x/../decrypt` reaches the decrypt route
// while an Express `app.use('/api/wx/decrypt', limiter)` in front of us never saw a request to
// `/api/wx/decrypt`. A guard mounted by path only means something if the path it matched is
// the path we serve, so a path that some parser would read differently is refused instead.

// Requests built by toNodeListener, with the request-target node:http received.
const rawTargets = new WeakMap<Request, string>();

export function rememberRawTarget(request: Request, target: string): void {
  rawTargets.set(request, target);
}

/** The raw request-target (path and query) of a request toNodeListener built; else the URL's. */
export function rawTargetOf(request: Request, url: URL): string {
  return rawTargets.get(request) ?? `${url.pathname}${url.search}`;
}

/**
 * Why a raw path could be read as another path (a dot segment, an encoded dot, slash or
 * backslash, a backslash, an empty segment), or undefined when it cannot.
 */
export function ambiguousPath(target: string): string | undefined {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  if (/%2e|%2f|%5c/i.test(path)) return 'an encoded ".", "/" or "\\"';
  if (path.includes('\\')) return 'a "\\"';
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'a "." or ".." segment';
  // A trailing "/" is an empty last segment too; it names no route either way (404).
  if (segments.slice(0, -1).some((segment) => segment === '')) return 'an empty segment ("//")';
  return undefined;
}
