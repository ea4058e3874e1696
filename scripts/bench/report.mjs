// Markdown tables for the console and BENCHMARKS.md.

const cell = (value) => String(value ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table; `columns` is [[header, (row) => value, align?]…]. */
export function table(columns, rows) {
  const head = `| ${columns.map(([h]) => cell(h)).join(' | ')} |`;
  const rule = `|${columns.map(([, , align]) => (align === 'right' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((row) => `| ${columns.map(([, get]) => cell(get(row))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export const kb = (bytes) => (bytes ? `${(bytes / 1024).toFixed(2)} KB` : '—');
export const perSecond = (n) => (n == null ? '—' : `${Math.round(n).toLocaleString('en-US')}/s`);
export const ms = (n, digits = 1) => `${n.toFixed(digits)} ms`;
export const met = (ok) => (ok ? '**met**' : '**not met**');
