// wx-coupon decrypt <encrypt_code>: card/code/decrypt, for the encrypt_code a coupon's custom URL brings.
import type { Command } from 'commander';
import { runSession, type Cli } from '../session';

export function registerDecrypt(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('decrypt')
    .description(m.commands.decrypt.description)
    .argument('<encrypt_code>', m.commands.decrypt.encryptCode)
    .action((encryptCode: string, _options: unknown, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const code = await backend.api.codes.decrypt(encryptCode);
        output.line(m.results.decrypted(code));
        return { code };
      }),
    );
}
