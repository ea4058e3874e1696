import { CouponError } from '../../errors/CouponError';

const PLAIN_ID = /^[\w-]{1,64}$/;

export function invalidArgument(message: string): CouponError {
  return new CouponError('INVALID_ARGUMENT', message);
}

export function cardIdOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || !PLAIN_ID.test(value)) {
    throw invalidArgument(`${where}: cardId must be a WeChat card id (letters, digits, "_" or "-", at most 64), got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value;
}

export function optionalString(value: unknown, name: string, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidArgument(`${where}: ${name} must be a string.`);
  return value;
}

export function nonEmptyList<T>(value: T | T[], where: string): T[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalidArgument(`${where}: pass at least one card.`);
  for (const item of list) {
    if (typeof item !== 'object' || item === null) throw invalidArgument(`${where}: each card must be an object like { cardId }.`);
  }
  return list;
}
