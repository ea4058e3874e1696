// Reads the MicroMessenger version from the token itself. Generic UA parsers report the
// version of whatever engine token they find first (QBCore, XWEB…), which is wrong for WeChat.

// Linear: one literal, then unambiguous quantifiers. `\s*(?:\/\s*)?` tolerates odd
// spacing ("MicroMessenger / 8.0") without the quadratic backtracking of `\s*\/?\s*`.
const MICROMESSENGER = /micromessenger\s*(?:\/\s*)?(\d+(?:\.\d+)*)/i;
const HAS_MICROMESSENGER = /micromessenger/i;
/** More digits than any real version part; also keeps every part a safe integer. */
const MAX_PART_DIGITS = 9;

export function hasMicroMessengerToken(userAgent: string): boolean {
  return HAS_MICROMESSENGER.test(userAgent);
}

/**
 * The MicroMessenger version as `major.minor.patch` (missing parts 0, extra parts and
 * build suffixes such as `.56_r958800.520` or `(0x18002f2c)` dropped), or `null`.
 */
export function readMicroMessengerVersion(userAgent: string): string | null {
  const match = MICROMESSENGER.exec(userAgent);
  if (!match) return null;
  const parts = (match[1] as string).split('.', 3);
  while (parts.length < 3) parts.push('0');
  if (parts.some((part) => part.length > MAX_PART_DIGITS)) return null;
  // Number() drops leading zeros ("06" → 6): the parts compare as numbers.
  return parts.map((part) => String(Number(part))).join('.');
}

/**
 * `a >= b` for two `major.minor.patch` versions as readMicroMessengerVersion gives them,
 * compared part by part as numbers ("10.0.1" is newer than "6.0.2"). semver.gte answers
 * the same for these (test/env/version.test.ts checks it); its 3 KB stay out of the page.
 */
export function isAtLeast(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((x[i] as number) !== y[i]) return (x[i] as number) > (y[i] as number);
  }
  return true;
}
