// wx-coupon consume <code> [--card-id ID]: card/code/consume, the redemption at the counter.
import type { Command } from 'commander';
import { runSession, type Cli } from '../session';

export function registerConsume(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('consume')
    .description(m.commands.consume.description)
    .argument('<code>', m.commands.consume.code)
    .option('--card-id <card_id>', m.commands.consume.cardId)
    .action((code: string, options: { cardId?: string }, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const consumed = await backend.api.codes.consume({ code, ...(options.cardId ? { cardId: options.cardId } : {}) });
        output.line(m.results.consumed(consumed.code, consumed.cardId, consumed.openid));
        return { code: consumed.code, cardId: consumed.cardId, openid: consumed.openid };
      }),
    );
}
