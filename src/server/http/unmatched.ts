import type { CouponErrorResponse } from '../../contract';
import { jsonResponse } from './json';

// Responses for requests outside a handler's base path. In Express or Koa these go to the next
// middleware instead of being answered; on a bare server they are a plain 404.
const unmatched = new WeakSet<Response>();

export function unmatchedResponse(): Response {
  const response = jsonResponse(404, { error: 'not_found', message: 'No such route.' } satisfies CouponErrorResponse);
  unmatched.add(response);
  return response;
}

export function isUnmatched(response: Response): boolean {
  return unmatched.has(response);
}
