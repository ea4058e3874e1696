// What `wx-coupon` exits with, for scripts and CI: documented in the README ("Create and issue a coupon").
export const EXIT = {
  /** Done. */
  ok: 0,
  /** WeChat (or the stand-in) refused: an errcode, printed with its hint. */
  refused: 1,
  /** Bad input: arguments, a file that is not valid JSON, a card that breaks WeChat's rules, an image WeChat would refuse. Nothing was sent. */
  badInput: 2,
  /** WeChat could not be reached, timed out or answered something that is not its JSON; or the CLI failed unexpectedly. */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
