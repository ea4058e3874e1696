// What every command shares: its output (text or one JSON document), the WeChat it talks to,
// and the one way a run ends: the result or the failure printed, the backend closed, the exit
// code set. Commands only say what to do and what to print.
import type { Command } from 'commander';
import { openBackend, type Backend, type BackendRequest } from './backend';
import { EXIT, type ExitCode } from './exitCodes';
import { describeFailure } from './failure';
import type { Lang } from './lang';
import type { Messages } from './messages';
import { createOutput, type Output, type Stream } from './output';
import type { SecretScrubber } from './secrets';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Stream;
  stderr: Stream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface Cli {
  io: CliIo;
  lang: Lang;
  messages: Messages;
  secrets: SecretScrubber;
  exitCode: ExitCode;
}

export interface GlobalOptions {
  json?: boolean;
  lang?: string;
  standInUrl?: string;
}

export interface Session {
  cli: Cli;
  output: Output;
  backend: Backend;
  messages: Messages;
}

/** A failure that comes with what was done before it (hello's steps), for the JSON document. */
export class FailedWithResult extends Error {
  constructor(
    readonly result: Record<string, unknown>,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export function outputFor(cli: Cli, command: Command): Output {
  const globals = command.optsWithGlobals<GlobalOptions>();
  return createOutput({ json: globals.json === true, lang: cli.lang, secrets: cli.secrets, stdout: cli.io.stdout, stderr: cli.io.stderr });
}

/** Print a failure (stderr; in --json mode also the document) and set the exit code. */
export function fail(cli: Cli, output: Output, error: unknown, standInUrl?: string, mode?: string): void {
  const cause = error instanceof FailedWithResult ? error.cause : error;
  const report = describeFailure(cause, cli.messages, cli.lang, standInUrl);
  for (const line of report.lines) output.error(line);
  const partial = error instanceof FailedWithResult ? error.result : {};
  output.document({ ok: false, ...(mode ? { mode } : {}), ...partial, error: report.error });
  cli.exitCode = report.exitCode;
}

/**
 * Run `work` against the WeChat the options and environment choose; `work` prints its text
 * lines and returns the JSON document's members.
 */
export async function runSession(
  cli: Cli,
  command: Command,
  work: (session: Session) => Promise<Record<string, unknown>>,
  backendOptions: Pick<BackendRequest, 'reviewDelayMs'> & { quietEmbedded?: boolean } = {},
): Promise<void> {
  const output = outputFor(cli, command);
  const globals = command.optsWithGlobals<GlobalOptions>();
  let backend: Backend | undefined;
  try {
    backend = await openBackend({ standInUrl: globals.standInUrl, env: cli.io.env, output, messages: cli.messages, reviewDelayMs: backendOptions.reviewDelayMs });
    if (backend.mode === 'embedded' && !backendOptions.quietEmbedded) output.note(cli.messages.notes.embedded);
    const result = await work({ cli, output, backend, messages: cli.messages });
    output.document({ ok: true, mode: backend.mode, ...result });
    cli.exitCode = EXIT.ok;
  } catch (error) {
    fail(cli, output, error, backend?.standInUrl, backend?.mode);
  } finally {
    await backend?.api.idle().catch(() => {});
    await backend?.close();
  }
}
