// Reads the MicroMessenger version from the token itself. Generic UA parsers report the
// version of whatever engine token they find first (QBCore, XWEB…), which is wrong for WeChat.

// Linear: one literal, then unambiguous quantifiers. `\s*(?:\/\s*)?` tolerates odd
// spacing ("MicroMessenger / 8.0") without the quadratic backtracking of `\s*\/?\s*`.
const MICROMESSENGER = /micromessenger\s*(?:\/\s*)?(\d+(?:\.\d+)*)/i;
const HAS_MICROMESSENGER = /micromessenger/i;
/** More digits than any real version part; also keeps semver clear of unsafe integers. */
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
  // Number() drops leading zeros ("06" → 6), which semver would reject.
  return parts.map((part) => String(Number(part))).join('.');
}
