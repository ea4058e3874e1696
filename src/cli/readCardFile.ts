// `create <card.json>`: the file read and parsed, or a CliInputError naming the line and what
// is missing there (jsonDiagnosis.ts). Validation of the card itself is cards.create's.
import { readFile } from 'node:fs/promises';
import type { CardDefinition } from '../server/index';
import { CliInputError } from './errors/CliInputError';
import { diagnoseJson } from './jsonDiagnosis';
import type { Messages } from './messages';

export async function readCardFile(file: string, messages: Messages): Promise<CardDefinition | { card: CardDefinition }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliInputError(messages.errors.readFile(file, String((error as { code?: unknown }).code ?? error)), [], { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const problems = diagnoseJson(text, messages);
    throw new CliInputError(messages.errors.notJson(file), problems.map((p) => `${file}:${p.line}:${p.column}: ${p.what}`), { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliInputError(messages.errors.notObject(file));
  return parsed as CardDefinition | { card: CardDefinition };
}
