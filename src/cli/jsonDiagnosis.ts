// Why a card file is not JSON, said the way a person fixes it: the line, and what is missing
// there. JSON.parse does the parsing; when it fails, its error position (V8's message) and a
// scan of the brackets and strings up to there say which object is left open, and an
// indentation check tells a missing '}' from a missing ','. Each guess is tried on a copy
// (inserted on the same line, so later line numbers still match the file) and JSON.parse runs
// again, so one run lists every problem, not only the first. Nothing is repaired for real:
// the command still refuses the file.
import type { Messages } from './messages';

export interface JsonProblem {
  line: number;
  /** 1-based, in characters. */
  column: number;
  what: string;
}

interface Open {
  char: '{' | '[';
  line: number;
  /** The property whose value this object or array is, when there is one. */
  key?: string;
}

/** Characters that look like spaces and are not JSON whitespace (web pages are full of them). */
const LOOKALIKE_SPACES = /[\u00a0\u3000\ufeff\u2000-\u200b]/g;
const MAX_PROBLEMS = 12;

function lineAt(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - (before.lastIndexOf('\n') + 1) + 1 };
}

function indentOf(text: string, line: number): number {
  const content = text.split('\n')[line - 1] ?? '';
  return /^[ \t]*/.exec(content)?.[0].length ?? 0;
}

/** The brackets still open, and the string still open, when reading stops at `end`. */
function scan(text: string, end: number): { open: Open[]; stringStart?: number } {
  const open: Open[] = [];
  let lastString: string | undefined;
  let key: string | undefined;
  for (let i = 0; i < end; i++) {
    const char = text[i] as string;
    if (char === '"') {
      let j = i + 1;
      for (; j < end && text[j] !== '"' && text[j] !== '\n'; j++) if (text[j] === '\\') j++;
      if (j >= end || text[j] === '\n') return { open, stringStart: i };
      lastString = text.slice(i + 1, j);
      i = j;
    } else if (char === ':') {
      key = lastString;
    } else if (char === '{' || char === '[') {
      open.push({ char, line: lineAt(text, i).line, ...(key !== undefined ? { key } : {}) });
      key = undefined;
    } else if (char === '}' || char === ']') {
      if (open[open.length - 1]?.char === (char === '}' ? '{' : '[')) open.pop();
    } else if (char === ',') {
      key = undefined;
    }
  }
  return { open };
}

function positionOf(error: unknown, text: string): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const match = /at position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  return undefined;
}

const closerOf = (open: Open) => (open.char === '{' ? '}' : ']');

export function diagnoseJson(source: string, messages: Messages): JsonProblem[] {
  const m = messages.json;
  const problems: JsonProblem[] = [];
  let text = source;

  const lookalikes = [...source.matchAll(LOOKALIKE_SPACES)];
  if (lookalikes.length > 0) {
    const first = lineAt(source, lookalikes[0]!.index);
    const lines = new Set(lookalikes.map((found) => lineAt(source, found.index).line)).size;
    const code = (lookalikes[0]![0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    problems.push({ ...first, what: m.lookalikeSpaces(`U+${code}`, lookalikes.length, lines) });
    text = source.replace(LOOKALIKE_SPACES, ' ');
  }

  const atEnd = () => {
    const { open, stringStart } = scan(text, text.length);
    if (stringStart !== undefined) {
      problems.push({ ...lineAt(text, stringStart), what: m.unterminatedString });
      return;
    }
    if (open.length > 0) {
      const closers = open.map(closerOf).reverse().join('');
      const names = open.map((o) => (o.key ? m.named(o.key, o.line) : m.unnamed(o.line))).reverse();
      problems.push({ ...lineAt(text, text.trimEnd().length), what: m.unclosedAtEnd(closers, names) });
    }
  };

  for (let attempt = 0; attempt < MAX_PROBLEMS; attempt++) {
    let error: unknown;
    try {
      JSON.parse(text);
      return problems;
    } catch (caught) {
      error = caught;
    }
    const message = error instanceof Error ? error.message.replace(/\s*\(line \d+ column \d+\)$/, '') : String(error);
    const position = positionOf(error, text);
    if (position === undefined) {
      problems.push({ line: 1, column: 1, what: m.other(message) });
      return problems;
    }
    const { open, stringStart } = scan(text, position);
    const restIsBlank = text.slice(position).trim() === '';

    if (/Unterminated string|Bad control character|Unexpected end/.test(message) || restIsBlank) {
      if (stringStart !== undefined && /Bad control character/.test(message) && !restIsBlank) {
        problems.push({ ...lineAt(text, stringStart), what: m.stringBrokenByLine });
        return problems;
      }
      if (stringStart !== undefined) {
        // The string runs to the end of the file: close it on a copy and look at what else is open.
        problems.push({ ...lineAt(text, stringStart), what: m.unterminatedString });
        text = `${text.trimEnd()}"`;
        const rest = scan(text, text.length);
        if (rest.open.length > 0) {
          const names = rest.open.map((o) => (o.key ? m.named(o.key, o.line) : m.unnamed(o.line))).reverse();
          problems.push({ ...lineAt(text, text.length), what: m.unclosedAtEnd(rest.open.map(closerOf).reverse().join(''), names) });
        }
        return problems;
      }
      atEnd();
      return problems;
    }

    if (/after property value|after array element/.test(message)) {
      const innermost = open[open.length - 1];
      const valueEnd = text.slice(0, position).trimEnd().length; // just after the value before the stop
      const stop = lineAt(text, position);
      const valueLine = lineAt(text, valueEnd).line;
      const dedented = innermost !== undefined && open.length > 1 && valueLine < stop.line && indentOf(text, stop.line) <= indentOf(text, innermost.line);
      if (dedented && innermost) {
        const name = innermost.key ? m.named(innermost.key, innermost.line) : m.unnamed(innermost.line);
        problems.push({ line: valueLine, column: lineAt(text, valueEnd).column, what: m.missingCloser(closerOf(innermost), name, stop.line) });
        text = `${text.slice(0, valueEnd)}${closerOf(innermost)},${text.slice(valueEnd)}`;
      } else {
        problems.push({ line: valueLine, column: lineAt(text, valueEnd).column, what: m.missingComma(stop.line) });
        text = `${text.slice(0, valueEnd)},${text.slice(valueEnd)}`;
      }
      continue;
    }

    problems.push({ ...lineAt(text, position), what: m.other(message) });
    return problems;
  }
  return problems;
}
