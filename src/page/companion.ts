import { withTimeout } from '../utils/timeout';

// Lazily loaded parts of wx-coupon. Module builds load them with import() (bundlers split
// them into chunks); the script-tag bundle loads companion files that sit next to it
// (wx-coupon.<name>.iife.js), each defining one global.

const urls: Record<string, string | undefined> = {};

/** The script tag tells where its companions are: next to itself, unless overridden. */
export function setCompanionUrl(name: string, url: string | undefined): void {
  urls[name] = url;
}

function loadScript<T>(name: string, globalName: string): Promise<T> {
  const read = () => (window as unknown as Record<string, T | undefined>)[globalName];
  const present = read();
  if (present) return Promise.resolve(present);
  const url = urls[name];
  if (!url) return Promise.reject(new Error(`no URL for wx-coupon.${name}.iife.js`));
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.addEventListener('load', () => {
      const loaded = read();
      if (loaded) resolve(loaded);
      else reject(new Error(`${url} did not define ${globalName}`));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error(`could not load ${url}`));
    });
    document.head.append(script);
  });
}

/**
 * A memoised loader for one lazily loaded part; a failed load is forgotten so a retry can
 * work. Callers pass `importModule` only to module builds
 * (`__WX_COUPON_SCRIPT_TAG__ ? undefined : () => import(…)`): the script-tag build would
 * otherwise inline the very module it means to keep out.
 */
export function companion<T>(name: string, globalName: string, importModule: (() => Promise<T>) | undefined): (timeoutMs: number) => Promise<T> {
  let loading: Promise<T> | undefined;
  return (timeoutMs) => {
    const attempt: Promise<T> = (loading ??= withTimeout(
      importModule ? importModule() : loadScript<T>(name, globalName),
      timeoutMs,
      () => new Error(`wx-coupon.${name} did not load within ${timeoutMs} ms`),
    ).catch((error: unknown) => {
      if (loading === attempt) loading = undefined; // a stalled or failed load may work on the next try
      throw error;
    }));
    return attempt;
  };
}

/** Where a companion was looked for, for error messages. */
export function companionUrl(name: string): string | undefined {
  return urls[name];
}
