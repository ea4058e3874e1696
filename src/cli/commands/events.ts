// wx-coupon events: a local receiver for WeChat's card event pushes on 127.0.0.1 that prints each
// event as it arrives (one line each, or one JSON object per line with --json), until Ctrl-C or
// SIGTERM. Point WeChat's server URL at it through a tunnel, or a stand-in's pusher at it.
import type { Command } from 'commander';
import { runEventsCommand, type RunningEventsCommand } from '../events';
import { CliInputError } from '../errors/CliInputError';
import { EXIT } from '../exitCodes';
import { OFFLINE_APP } from '../offlineApp';
import { listenOn, parsePort } from '../port';
import { fail, outputFor, type Cli } from '../session';
import { untilInterrupted } from '../untilInterrupted';

const DEFAULT_PORT = 8787;
/** The 43 characters of an EncodingAESKey, as the Official Accounts Platform generates it. */
const AES_KEY = /^[A-Za-z0-9]{43}$/;

interface EventsOptions {
  port?: string;
  path?: string;
  token?: string;
  appId?: string;
  aesKey?: string;
}

export function registerEvents(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('events')
    .description(m.commands.events.description)
    .option('--port <port>', m.commands.events.port)
    .option('--path <path>', m.commands.events.path)
    .option('--token <token>', m.commands.events.token)
    .option('--app-id <appid>', m.commands.events.appId)
    .option('--aes-key <key>', m.commands.events.aesKey)
    .action(async (options: EventsOptions, command: Command) => {
      const output = outputFor(cli, command);
      const { env } = cli.io;
      let running: RunningEventsCommand | undefined;
      try {
        const port = parsePort(options.port, DEFAULT_PORT, m);
        const token = options.token ?? env.WX_PUSH_TOKEN;
        if (!token) throw new CliInputError(m.errors.pushToken);
        const encodingAESKey = options.aesKey ?? env.WX_ENCODING_AES_KEY;
        if (encodingAESKey !== undefined && !AES_KEY.test(encodingAESKey)) throw new CliInputError(m.errors.aesKey);
        if (options.path !== undefined && !options.path.startsWith('/')) throw new CliInputError(m.errors.path(options.path));
        // The token and the key are secrets like the AppSecret: never echoed, also not in --json.
        cli.secrets.add(token);
        cli.secrets.add(encodingAESKey);
        const appId = options.appId ?? env.WX_APP_ID ?? OFFLINE_APP.appId;
        running = await listenOn(port, m, () =>
          runEventsCommand(
            { port, token, appId, ...(encodingAESKey ? { encodingAESKey } : {}), ...(options.path ? { path: options.path } : {}), json: output.json, lang: cli.lang },
            { stdout: cli.io.stdout, stderr: cli.io.stderr },
          ),
        );
      } catch (error) {
        fail(cli, output, error);
        return;
      }
      await untilInterrupted();
      await running.close();
      cli.exitCode = EXIT.ok;
    });
}
