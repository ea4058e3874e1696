// Inputs for the property tests of the parsers that read untrusted text (user agents, URLs):
// arbitrary strings, and adversarial ones pumped up to 256 KB from the tokens a parser looks
// for — the shape that makes backtracking regexes and per-item re-scans blow up.
import fc from 'fast-check';

/** The largest input the tests feed: far beyond any real user agent or URL. */
export const MAX_INPUT = 256 * 1024;

/**
 * Per-call bound for a 256 KB input. Linear parsing of 256 KB takes milliseconds; quadratic
 * work on it (~3·10^10 steps) takes minutes. A one-second bound is loose enough that no slow
 * or busy machine breaks it, and tight enough that only super-linear work can.
 */
export const LINEAR_BOUND_MS = 1000;

/** Any UTF-16 code unit, so lone surrogates too (fast-check's 'binary' unit leaves them out). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const controlChar = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));

/** One piece of an arbitrary string: a parser token, any code point, any code unit, a control character. */
export function anyUnit(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...tokens), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 2 },
    { arbitrary: codeUnit, weight: 1 },
    { arbitrary: controlChar, weight: 1 },
  );
}

/** Arbitrary strings of up to `maxUnits` pieces (full unicode, control characters, lone surrogates, tokens). */
export function anyString(tokens: readonly string[], maxUnits: number): fc.Arbitrary<string> {
  return fc.string({ unit: anyUnit(tokens), maxLength: maxUnits });
}

/** `pump` repeated to exactly `length` characters. */
export function pumped(pump: string, length: number): string {
  return pump.repeat(Math.ceil(length / pump.length)).slice(0, length);
}

/** A short prefix, a pump of a few pieces repeated, a short suffix: `MAX_INPUT` characters in all. */
export function adversarial(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({
      prefix: anyString(tokens, 8),
      pump: fc.array(anyUnit(tokens), { minLength: 1, maxLength: 6 }).map((units) => units.join('')),
      suffix: anyString(tokens, 8),
    })
    .map(({ prefix, pump, suffix }) => prefix + pumped(pump, MAX_INPUT - prefix.length - suffix.length) + suffix);
}

export function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

function fastest(rounds: number, run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) best = Math.min(best, timed(run).ms);
  return best;
}

/**
 * How much longer `parse` takes on one input than on 16 inputs a sixteenth as long, all
 * made of the same prefix and pump: the same number of characters either way. About 1 for
 * linear work (fixed per-call costs only lower it), about 16 for quadratic work, 256 for
 * cubic. Best of 3 of each, so a scheduler hiccup or GC pause in one round does not count.
 * Checked first at 16 KB (1 KB pieces), then at 256 KB (16 KB pieces): super-linear work
 * fails within a second at the small scale instead of hanging for minutes at the large one.
 */
export function linearRatio(parse: (input: string) => unknown, pump: string, prefix = '', bound = 4): number {
  let ratio = 0;
  for (const size of [MAX_INPUT / 16, MAX_INPUT]) {
    const big = prefix + pumped(pump, size);
    const small = prefix + pumped(pump, size / 16);
    parse(big); // warm up: JIT, regex compilation, flattening the strings
    parse(small);
    const one = fastest(3, () => parse(big));
    const sixteen = fastest(3, () => {
      for (let i = 0; i < 16; i++) parse(small);
    });
    // A floor of 1 ms keeps timer granularity (some runtimes coarsen performance.now())
    // from turning two tiny numbers into a large ratio.
    ratio = Math.max(one, 1) / Math.max(sixteen, 1);
    if (ratio >= bound) break;
  }
  return ratio;
}
