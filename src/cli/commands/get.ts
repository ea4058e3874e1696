// wx-coupon get <card_id>: card/get, summarised for people; --json gives WeChat's whole card.
import type { Command } from 'commander';
import { runSession, type Cli } from '../session';

interface BaseInfoSeen {
  title?: string;
  brand_name?: string;
  status?: string;
  sku?: { quantity?: number; total_quantity?: number };
  date_info?: { type?: string; begin_timestamp?: number; end_timestamp?: number; fixed_term?: number; fixed_begin_term?: number };
}

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function validity(dates: BaseInfoSeen['date_info']): string {
  if (!dates) return '?';
  if (dates.type === 'DATE_TYPE_FIX_TIME_RANGE' && dates.begin_timestamp !== undefined && dates.end_timestamp !== undefined) return `${day(dates.begin_timestamp)} – ${day(dates.end_timestamp)}`;
  if (dates.type === 'DATE_TYPE_FIX_TERM') return `+${dates.fixed_begin_term ?? 0} d, ${dates.fixed_term ?? '?'} d`;
  return dates.type ?? '?';
}

export function registerGet(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('get')
    .description(m.commands.get.description)
    .argument('<card_id>', m.commands.get.cardId)
    .action((cardId: string, _options: unknown, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const fetched = await backend.api.cards.get(cardId);
        const body = (fetched.card as unknown as Record<string, { base_info?: BaseInfoSeen } | undefined>)[String(fetched.cardType).toLowerCase()];
        const info = body?.base_info ?? {};
        const labels = m.results.card;
        output.line(`card_id ${fetched.cardId}`);
        output.line(`${labels.type}: ${fetched.cardType}`);
        output.line(`${labels.status}: ${fetched.status ?? '?'}`);
        output.line(`${labels.title}: ${info.title ?? '?'}`);
        output.line(`${labels.brand}: ${info.brand_name ?? '?'}`);
        output.line(`${labels.stock}: ${info.sku?.quantity ?? '?'}${info.sku?.total_quantity !== undefined ? ` / ${info.sku.total_quantity}` : ''}`);
        output.line(`${labels.dates}: ${validity(info.date_info)}`);
        return { cardId: fetched.cardId, cardType: fetched.cardType, status: fetched.status, card: fetched.card };
      }),
    );
}
