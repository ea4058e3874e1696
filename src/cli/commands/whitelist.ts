// wx-coupon whitelist <openid|username…>: card/testwhitelist/set. An argument that looks like an
// openid (o…, 28 characters of [A-Za-z0-9_-]) is sent as one, anything else as a WeChat ID;
// --openid / --username say it outright.
import type { Command } from 'commander';
import { CliInputError } from '../errors/CliInputError';
import { runSession, type Cli } from '../session';

const LOOKS_LIKE_OPENID = /^o[\w-]{27}$/;

export function registerWhitelist(program: Command, cli: Cli): void {
  const m = cli.messages;
  program
    .command('whitelist')
    .description(m.commands.whitelist.description)
    .argument('<users...>', m.commands.whitelist.users)
    .option('--openid', m.commands.whitelist.openid)
    .option('--username', m.commands.whitelist.username)
    .action((users: string[], options: { openid?: boolean; username?: boolean }, command: Command) =>
      runSession(cli, command, async ({ backend, output }) => {
        const named = users.map((user) => user.trim()).filter(Boolean);
        if (named.length === 0) throw new CliInputError(m.errors.noUsers);
        const isOpenid = (user: string) => (options.openid ? true : options.username ? false : LOOKS_LIKE_OPENID.test(user));
        const openids = named.filter(isOpenid);
        const usernames = named.filter((user) => !isOpenid(user));
        await backend.api.testWhitelist.set({ ...(openids.length ? { openids } : {}), ...(usernames.length ? { usernames } : {}) });
        output.line(m.results.whitelist(named.length));
        return { openids, usernames };
      }),
    );
}
