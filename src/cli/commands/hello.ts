// wx-coupon hello: the coupon overview's HelloWorld, its seven steps run for real: get
// access_token, upload the logo, create a coupon, create a QR code to issue it, show the QR code,
// set the test whitelist, redeem. Offline (the default) the embedded stand-in reviews nothing,
// like the sandbox test account the overview describes, so the coupon can only be added by a
// whitelisted user: step 6 whitelists the stand-in's simulated user, who then scans the QR code
// and gets the code step 7 redeems. Against the real API, whitelist yourself with --username
// and redeem the code your phone shows with --code (or type it when asked).
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { WeChatApiError, type CardDefinition } from '../../server/index';
import { readCardFile } from '../readCardFile';
import { sampleLogo } from '../sampleLogo';
import { FailedWithResult, runSession, type Cli, type Session } from '../session';
import { simulatedUser } from '../simulatedUser';
import { terminalQr } from '../terminalQr';
import { untilInterrupted } from '../untilInterrupted';

export const HELLO_STEPS = ['access_token', 'upload_logo', 'create_coupon', 'create_qrcode', 'show_qrcode', 'set_test_whitelist', 'redeem'] as const;
type StepName = (typeof HELLO_STEPS)[number];

interface StepRecord {
  name: StepName;
  ok: boolean;
  skipped?: boolean;
  [detail: string]: unknown;
}

interface HelloOptions {
  logo?: string;
  card?: string;
  username?: string[];
  openid?: string[];
  code?: string;
  keepOpen?: boolean;
}

/** The coupon `hello` creates unless given --card: a general coupon valid for 30 days from the day it is added. */
function sampleCard(logoUrl: string): CardDefinition {
  return {
    card_type: 'GENERAL_COUPON',
    general_coupon: {
      base_info: {
        logo_url: logoUrl,
        code_type: 'CODE_TYPE_QRCODE',
        brand_name: 'wx-coupon 示例商户',
        title: 'Hello 优惠券',
        color: 'Color010',
        notice: '结账时出示券码',
        description: 'wx-coupon hello 创建的示例券',
        sku: { quantity: 100 },
        date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 30, fixed_begin_term: 0 },
        get_limit: 3,
      },
      default_detail: '示例：全场商品 9 折',
    },
  } as CardDefinition;
}

/** The definition from --card, with the logo step 2 uploaded (as the overview's step 3 uses it). */
function withLogo(definition: CardDefinition | { card: CardDefinition }, logoUrl: string): CardDefinition {
  const card = structuredClone('card' in definition ? definition.card : definition) as CardDefinition & Record<string, { base_info?: { logo_url?: string } }>;
  const body = card[String(card.card_type).toLowerCase()];
  if (body?.base_info) body.base_info.logo_url = logoUrl;
  return card;
}

function listOption(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function askForCode(session: Session): Promise<string | undefined> {
  const { stdin, stdout } = session.cli.io;
  if (!stdin.isTTY || session.output.json) return undefined;
  const prompt = createInterface({ input: stdin, output: stdout as NodeJS.WritableStream });
  try {
    const answer = (await prompt.question(session.messages.step.askCode)).trim();
    return answer || undefined;
  } finally {
    prompt.close();
  }
}

async function hello(session: Session, options: HelloOptions): Promise<Record<string, unknown>> {
  const { backend, output, messages: m } = session;
  const { api } = backend;
  const steps: StepRecord[] = [];
  const result: Record<string, unknown> = { steps, cardId: null, showQrcodeUrl: null, consumedCode: null };

  async function step(name: StepName, work: () => Promise<Omit<StepRecord, 'name' | 'ok'> & { lines?: string[] }>): Promise<void> {
    output.line(`[${steps.length + 1}/${HELLO_STEPS.length}] ${m.steps[name]}`);
    try {
      const { lines = [], ...details } = await work();
      steps.push({ name, ok: details.skipped !== true, ...details });
      for (const line of lines) output.line(`      ${line}`);
    } catch (error) {
      steps.push({ name, ok: false, error: error instanceof WeChatApiError ? { errcode: error.errcode, errmsg: error.errmsg } : { message: (error as Error).message } });
      output.line(`      ✗ ${m.step.failed}`);
      throw new FailedWithResult(result, error);
    }
  }

  await step('access_token', async () => {
    const token = await api.credential('access_token');
    output.secrets.add(token.value);
    const expiresInSeconds = Math.max(0, Math.round((token.expiresAt - api.clock()) / 1000));
    return { expiresInSeconds, lines: [`✓ ${m.step.token(expiresInSeconds)}`] };
  });

  let logoUrl = '';
  await step('upload_logo', async () => {
    logoUrl = (await api.media.uploadImage(options.logo ?? sampleLogo(), { filename: 'logo.png' })).url;
    result.logoUrl = logoUrl;
    return { logoUrl, lines: [`✓ ${m.step.logo(logoUrl)}`] };
  });

  let cardId = '';
  await step('create_coupon', async () => {
    const card = options.card ? withLogo(await readCardFile(options.card, m), logoUrl) : sampleCard(logoUrl);
    cardId = (await api.cards.create(card)).cardId;
    result.cardId = cardId;
    const { status } = await api.cards.get(cardId);
    return { cardId, status, lines: [`✓ ${m.step.created(cardId, status ?? '?')}`] };
  });

  let ticket = '';
  await step('create_qrcode', async () => {
    const qr = await api.qrcodes.create({ cardId, outerStr: 'wx-coupon-hello' });
    ticket = qr.ticket;
    Object.assign(result, { showQrcodeUrl: qr.showQrcodeUrl, qrcodeUrl: qr.url, ticket: qr.ticket });
    return { showQrcodeUrl: qr.showQrcodeUrl, lines: [`✓ ${m.step.qrcode(qr.showQrcodeUrl)}`] };
  });

  await step('show_qrcode', async () => {
    const drawn = terminalQr(result.qrcodeUrl as string);
    return { lines: [m.step.scan, ...drawn.split('\n'), `${result.showQrcodeUrl as string}`] };
  });

  const sim = backend.standInUrl ? simulatedUser(backend.standInUrl, api.appId) : undefined;
  await step('set_test_whitelist', async () => {
    const openids = [...(options.openid ?? [])];
    const usernames = [...(options.username ?? [])];
    if (sim) openids.push(await sim.openid());
    if (openids.length === 0 && usernames.length === 0) return { skipped: true, lines: [`– ${m.step.whitelistSkipped}`] };
    await api.testWhitelist.set({ ...(openids.length ? { openids } : {}), ...(usernames.length ? { usernames } : {}) });
    return { openids, usernames, lines: [`✓ ${m.step.whitelisted([...openids, ...usernames].join(', '))}`] };
  });

  await step('redeem', async () => {
    const lines: string[] = [];
    let code = options.code;
    if (code === undefined && sim) {
      const scan = await sim.scan(ticket);
      const added = scan.cards[0];
      if (!added?.is_succ || !added.code) throw new WeChatApiError(added?.errcode ?? -2, added?.errmsg ?? m.errors.scan, '__sim/scan');
      code = added.code;
      lines.push(`✓ ${m.step.scanned(scan.openid, code)}`);
    }
    code ??= await askForCode(session);
    if (code === undefined) return { skipped: true, lines: [`– ${m.step.redeemSkipped}`] };
    const consumed = await api.codes.consume({ code, cardId });
    result.consumedCode = consumed.code;
    return { code: consumed.code, lines: [...lines, `✓ ${m.step.redeemed(consumed.code)}`] };
  });

  output.line();
  output.line(m.step.done(m.modes[backend.mode] ?? backend.mode));
  if (options.keepOpen && backend.mode === 'embedded' && backend.standInUrl) {
    // So that show_qrcode_url can be opened in a browser, as the overview's step 5 does.
    output.note(m.step.keptOpen(backend.standInUrl));
    await untilInterrupted();
  }
  return result;
}

export function registerHello(program: Command, cli: Cli): void {
  const m = cli.messages.commands.hello;
  program
    .command('hello')
    .description(m.description)
    .option('--logo <file>', m.logo)
    .option('--card <card.json>', m.card)
    .option('--username <wechat_id>', m.username, listOption)
    .option('--openid <openid>', m.openid, listOption)
    .option('--code <code>', m.code)
    .option('--keep-open', m.keepOpen)
    .action((options: HelloOptions, command: Command) =>
      // Like the overview's sandbox account: offline cards stay under review, so step 6 matters.
      runSession(cli, command, (session) => hello(session, options), { reviewDelayMs: null, quietEmbedded: true }),
    );
}
