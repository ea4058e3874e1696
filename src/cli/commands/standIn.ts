// wx-coupon stand-in [--port N]: a stand-in for WeChat's API on 127.0.0.1 until Ctrl-C (SIGINT)
// or SIGTERM. Its state (cards, logos, codes, the whitelist) lasts while it runs, so that
// `create`, then `qrcode`, then `get` in another terminal see the same coupons: point them at it
// with WX_STAND_IN_URL (or --stand-in-url). Its QR pages (show_qrcode_url) open in a browser.
import type { Command } from 'commander';
import { startWeChatApiStandIn, type RunningStandIn } from '../../simulator/api/index';
import { CliInputError } from '../errors/CliInputError';
import { EXIT } from '../exitCodes';
import { OFFLINE_APP, OFFLINE_USER } from '../offlineApp';
import { listenOn, parsePort } from '../port';
import { fail, outputFor, type Cli } from '../session';
import { untilInterrupted } from '../untilInterrupted';

/** A port developers can put in their .env; --port 0 takes any free one. */
const DEFAULT_PORT = 4090;

export function registerStandIn(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('stand-in')
    .description(m.commands.standIn.description)
    .option('--port <port>', m.commands.standIn.port)
    .option('--manual-review', m.commands.standIn.manualReview)
    .option('--review-delay <seconds>', m.commands.standIn.reviewDelay)
    .action(async (options: { port?: string; manualReview?: boolean; reviewDelay?: string }, command: Command) => {
      const output = outputFor(cli, command);
      let running: RunningStandIn | undefined;
      try {
        const port = parsePort(options.port, DEFAULT_PORT, m);
        const delaySeconds = options.reviewDelay === undefined ? 0 : Number(options.reviewDelay);
        if (!(delaySeconds >= 0) || !Number.isFinite(delaySeconds)) throw new CliInputError(m.errors.reviewDelay(String(options.reviewDelay)));
        running = await listenOn(port, m, () =>
          startWeChatApiStandIn({ apps: [OFFLINE_APP], simulatedUser: OFFLINE_USER, port, reviewDelayMs: options.manualReview ? null : delaySeconds * 1000 }),
        );
      } catch (error) {
        fail(cli, output, error);
        return;
      }
      output.line(m.results.standIn(running.url));
      output.document({ ok: true, mode: 'stand-in', url: running.url, appId: OFFLINE_APP.appId, simulatedOpenid: OFFLINE_USER.openid });
      await untilInterrupted();
      await running.close();
      cli.exitCode = EXIT.ok;
    });
}
