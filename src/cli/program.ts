// The `wx-coupon` command line: global options, the commands, help in the user's language, and
// commander's usage errors turned into exit code 2. `main` never calls process.exit: it returns
// the exit code, so that the bin sets it once output has been flushed.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerConsume } from './commands/consume';
import { registerCreate } from './commands/create';
import { registerDecrypt } from './commands/decrypt';
import { registerEvents } from './commands/events';
import { registerGet } from './commands/get';
import { registerHello } from './commands/hello';
import { registerLogo } from './commands/logo';
import { registerQrcode } from './commands/qrcode';
import { registerStandIn } from './commands/standIn';
import { registerStock } from './commands/stock';
import { registerWhitelist } from './commands/whitelist';
import { EXIT, type ExitCode } from './exitCodes';
import { resolveLang } from './lang';
import { messagesFor } from './messages';
import { createSecretScrubber } from './secrets';
import type { Cli, CliIo } from './session';

function packageVersion(): string {
  // The package's own package.json through its exports map ('wx-coupon/package.json'), so that it
  // is found wherever the build puts this module (dist/lib/cli/ today).
  try {
    return (createRequire(import.meta.url)('wx-coupon/package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function createProgram(cli: Cli): Command {
  const m = cli.messages;
  const program = new Command('wx-coupon');
  const configure = (command: Command) =>
    command
      .helpOption('-h, --help', m.program.help)
      .configureHelp({ showGlobalOptions: true, styleTitle: (title) => m.titles[title] ?? title })
      .configureOutput({ writeOut: (text) => cli.io.stdout.write(text), writeErr: (text) => cli.io.stderr.write(text), outputError: () => {} })
      .exitOverride();
  configure(program)
    .description(m.program.description)
    .version(packageVersion(), '-V, --version', m.program.version)
    .helpCommand('help [command]', m.program.helpCommand)
    .option('--json', m.program.json)
    .option('--lang <lang>', m.program.lang)
    .option('--stand-in-url <url>', m.program.standInUrl)
    .addHelpText('after', m.program.after)
    .showSuggestionAfterError();
  for (const register of [registerHello, registerCreate, registerLogo, registerQrcode, registerWhitelist, registerGet, registerStock, registerConsume, registerDecrypt, registerStandIn, registerEvents]) {
    register(program, cli);
  }
  for (const command of program.commands) configure(command);
  return program;
}

/** Runs the CLI on `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  const lang = resolveLang(argv, io.env);
  const cli: Cli = { io, lang, messages: messagesFor(lang), secrets: createSecretScrubber(), exitCode: EXIT.ok };
  cli.secrets.add(io.env.WX_APP_SECRET);
  const program = createProgram(cli);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.badInput;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version "fail" with exit code 0; everything else commander refuses is usage.
    if (error.exitCode === 0) return EXIT.ok;
    io.stderr.write(`${cli.secrets.scrub(cli.messages.errors.usage(error.message))}\n${cli.messages.errors.usageHint}\n`);
    return EXIT.badInput;
  }
  return cli.exitCode;
}
