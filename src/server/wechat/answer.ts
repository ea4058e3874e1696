// Reading the fields of WeChat's answers: a field that should be there and is not is an
// UpstreamHttpError naming it (a changed API, a proxy's JSON), not an `undefined` further on.
import { UpstreamHttpError } from '../errors/UpstreamHttpError';
import type { Answer } from './transport';

export function answerString(answer: Answer, field: string, path: string): string {
  const value = answer[field];
  if (typeof value !== 'string' || value === '') throw new UpstreamHttpError(path, 200, `the answer lacks ${field}`);
  return value;
}

export function answerObject(answer: Answer, field: string, path: string): Answer {
  const value = answer[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UpstreamHttpError(path, 200, `the answer lacks ${field}`);
  return value as Answer;
}

export function answerArray(answer: Answer, field: string, path: string): unknown[] {
  const value = answer[field];
  if (!Array.isArray(value)) throw new UpstreamHttpError(path, 200, `the answer lacks ${field}`);
  return value;
}

/** A number WeChat may send as a number or a numeric string; undefined when absent. */
export function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A string argument the caller must give: a TypeError naming the call and the argument. */
export function requireArgument(call: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`wx-coupon: ${call} needs ${name} (a non-empty string).`);
  return value;
}
