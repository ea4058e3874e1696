// Where the CLI's words go. stdout carries the result: lines for people, or in --json mode
// exactly one JSON document (so `wx-coupon … --json | jq` always parses). stderr carries notes
// and errors for people. Every write is scrubbed of secrets first (see secrets.ts).
import type { Lang } from './lang';
import type { SecretScrubber } from './secrets';

export interface Stream {
  write(text: string): unknown;
}

export interface Output {
  readonly json: boolean;
  readonly lang: Lang;
  readonly secrets: SecretScrubber;
  /** A line of the human-readable result (stdout); nothing in --json mode. */
  line(text?: string): void;
  /** A note for people (stderr), in both modes: says what the CLI is doing or assuming. */
  note(text: string): void;
  /** An error message for people (stderr). */
  error(text: string): void;
  /** The JSON document (stdout), in --json mode only; at most one per run. */
  document(value: unknown): void;
}

export function createOutput(options: { json: boolean; lang: Lang; secrets: SecretScrubber; stdout: Stream; stderr: Stream }): Output {
  const { json, lang, secrets, stdout, stderr } = options;
  let documented = false;
  return {
    json,
    lang,
    secrets,
    line(text = '') {
      if (!json) stdout.write(`${secrets.scrub(text)}\n`);
    },
    note(text) {
      stderr.write(`${secrets.scrub(text)}\n`);
    },
    error(text) {
      stderr.write(`${secrets.scrub(text)}\n`);
    },
    document(value) {
      if (!json || documented) return;
      documented = true;
      stdout.write(`${secrets.scrub(JSON.stringify(value, null, 2))}\n`);
    },
  };
}
