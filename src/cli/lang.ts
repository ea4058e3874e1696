// Which language the CLI speaks: `--lang en|zh-CN` on the command line, else LC_ALL / LC_MESSAGES
// / LANG, else zh-CN. Read from argv before commander parses it, because the help text itself
// must already be in that language.
export type Lang = 'zh-CN' | 'en';

function fromLocale(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined; // C, POSIX, other languages: the default
}

/** Parses `--lang X` / `--lang=X` anywhere in argv; an unknown value falls back like no flag. */
export function resolveLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    const lang = fromLocale(value);
    if (lang) return lang;
  }
  return fromLocale(env.LC_ALL) ?? fromLocale(env.LC_MESSAGES) ?? fromLocale(env.LANG) ?? 'zh-CN';
}
