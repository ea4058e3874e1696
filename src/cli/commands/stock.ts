// wx-coupon stock <card_id> <+N|-N>: card/modifystock (increase_stock_value / reduce_stock_value).
import type { Command } from 'commander';
import { CliInputError } from '../errors/CliInputError';
import { runSession, type Cli } from '../session';

export function registerStock(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('stock')
    .description(m.commands.stock.description)
    .argument('<card_id>', m.commands.stock.cardId)
    .argument('<delta>', m.commands.stock.delta)
    .action((cardId: string, delta: string, _options: unknown, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        // The sign is required: `stock pX 5` could mean "set to 5", which modifystock cannot do.
        if (!/^[+-][1-9]\d{0,8}$/.test(delta)) throw new CliInputError(m.errors.delta(delta));
        const change = Number(delta);
        await backend.api.cards.modifyStock(cardId, change);
        output.line(m.results.stock(cardId, delta));
        return { cardId, delta: change };
      }),
    );
}
