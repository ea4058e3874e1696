// wx-coupon create <card.json>: card/create, validated locally first (exit 2 with every issue).
import type { Command } from 'commander';
import { validateCard } from '../../server/index';
import { readCardFile } from '../readCardFile';
import { runSession, type Cli } from '../session';

export function registerCreate(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('create')
    .description(m.commands.create.description)
    .argument('<card.json>', m.commands.create.file)
    .action((file: string, _options: unknown, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const card = await readCardFile(file, m);
        // Warnings do not stop card/create (a date range not covering now, say), but people should see them.
        const hosts = backend.standInUrl ? [new URL(backend.standInUrl).hostname] : [];
        const warnings = validateCard(card, { imageHosts: hosts }).filter((issue) => issue.severity === 'warning');
        for (const warning of warnings) output.note(m.notes.warning(warning.path, warning.rule));
        const { cardId } = await backend.api.cards.create(card);
        output.line(m.results.created(cardId));
        return { cardId, warnings };
      }),
    );
}
