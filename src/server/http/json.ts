// Reading and writing JSON over Fetch API Request/Response: shared by the coupon handler and
// the WeChat API stand-in so both refuse oversized and malformed bodies the same way.
import { HttpError } from '../errors/HttpError';
import { readBodyBytes } from './body';

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The request body as a JSON object, read with a byte cap (see readBodyBytes). */
export async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `The JSON body is larger than ${maxBytes} bytes; send only the documented fields.`);
  const body = await readBodyBytes(request, maxBytes, tooLarge);
  if (body.length === 0) throw new HttpError(400, 'invalid_json', 'The request body is empty; send a JSON object.');

  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid UTF-8 JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'bad_request', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
