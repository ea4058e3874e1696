/**
 * The command line or a file it names is wrong (exit code 2): nothing was sent to WeChat.
 * `details` are the lines that say exactly what and where (e.g. a JSON file's line and what is missing).
 */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
  readonly code = 'bad_input' as const;
  readonly details: string[];

  constructor(message: string, details: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}
