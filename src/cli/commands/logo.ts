// wx-coupon logo <file>: media/uploadimg; the URL it prints is the logo_url of card definitions.
import type { Command } from 'commander';
import { runSession, type Cli } from '../session';

export function registerLogo(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('logo')
    .description(m.commands.logo.description)
    .argument('<file>', m.commands.logo.file)
    .action((file: string, _options: unknown, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const { url } = await backend.api.media.uploadImage(file);
        output.line(m.results.logo(url));
        return { logoUrl: url };
      }),
    );
}
