import { currentHref } from '../env/globals';
import { withoutHash } from '../utils/withoutHash';

/** The URL this document was loaded with, before any pushState/replaceState. */
function landingUrl(): string | undefined {
  try {
    const [navigation] = performance.getEntriesByType('navigation');
    if (navigation && navigation.name) return withoutHash(navigation.name);
  } catch {
    // no Navigation Timing: fall back to the current URL
  }
  return undefined;
}

/** The page URL `wx.config` is for right now: the current URL without `#…`. */
export function currentPageUrl(): string {
  return withoutHash(currentHref() || '');
}

/**
 * The URLs to sign, most likely first (spec §4): iOS WeChat verifies single-page apps
 * against the URL the page was first loaded with, other clients against the current one.
 * Clients have changed this over the years, so the other one is kept for a single retry.
 */
export function signatureUrlCandidates(urlAtConfigure: string, ios: boolean): string[] {
  const current = currentPageUrl();
  // Navigation Timing knows the URL the document was loaded with; where it is missing, the
  // URL at configure() time is the best we have.
  const landing = landingUrl() || urlAtConfigure;
  const ordered = ios ? [landing, current] : [current, landing];
  return ordered.filter((url, i) => url !== '' && ordered.indexOf(url) === i);
}
