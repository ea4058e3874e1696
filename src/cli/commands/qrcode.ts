// wx-coupon qrcode <card_id> [--outer-str S]: card/qrcode/create, the QR code drawn in the terminal.
import type { Command } from 'commander';
import { CliInputError } from '../errors/CliInputError';
import { runSession, type Cli } from '../session';
import { terminalQr } from '../terminalQr';

export function registerQrcode(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('qrcode')
    .description(m.commands.qrcode.description)
    .argument('<card_id>', m.commands.qrcode.cardId)
    .option('--outer-str <S>', m.commands.qrcode.outerStr)
    .option('--expire <seconds>', m.commands.qrcode.expire)
    .option('--unique', m.commands.qrcode.unique)
    .action((cardId: string, options: { outerStr?: string; expire?: string; unique?: boolean }, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        let expireSeconds: number | undefined;
        if (options.expire !== undefined) {
          expireSeconds = Number(options.expire);
          if (!Number.isInteger(expireSeconds) || expireSeconds < 60 || expireSeconds > 1800) throw new CliInputError(m.errors.expire(options.expire));
        }
        const qr = await backend.api.qrcodes.create({
          cardId,
          ...(options.outerStr !== undefined ? { outerStr: options.outerStr } : {}),
          ...(expireSeconds !== undefined ? { expireSeconds } : {}),
          ...(options.unique ? { isUniqueCode: true } : {}),
        });
        output.line(terminalQr(qr.url));
        output.line(m.results.qrcode(qr.showQrcodeUrl, qr.ticket));
        return { cardId, ticket: qr.ticket, url: qr.url, showQrcodeUrl: qr.showQrcodeUrl, ...(qr.expireSeconds !== undefined ? { expireSeconds: qr.expireSeconds } : {}) };
      }),
    );
}
