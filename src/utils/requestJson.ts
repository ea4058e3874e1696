import type { CouponErrorResponse, Unchecked } from '../contract';
import { CouponError, type CouponErrorCode } from '../errors/CouponError';
import { isRecord } from './isRecord';

export interface JsonRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  timeoutMs: number;
  /** The code a failure of this endpoint rejects with (SIGNATURE_FAILED, CARD_EXT_FAILED…). */
  failure: CouponErrorCode;
  /** What the endpoint is, for messages: "signature endpoint". */
  what: string;
}

/**
 * One JSON round trip to the merchant's server under our wire contract: non-2xx answers
 * carry `{ error, message }`. Network errors, bad status and bad JSON reject with
 * `request.failure` (an error status also sets the CouponError's `status` and `serverCode`);
 * a server that does not answer in time rejects with TIMEOUT. `Answer` is the contract's
 * response type of the endpoint (src/contract.ts): the answer comes back with its field names,
 * each still unchecked.
 */
export async function requestJson<Answer extends object = Record<string, unknown>>(request: JsonRequest): Promise<Unchecked<Answer>> {
  const { url, what, failure } = request;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        credentials: 'same-origin',
        headers: request.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (cause) {
      if (controller.signal.aborted) {
        throw new CouponError('TIMEOUT', `The ${what} (${url}) did not answer within ${request.timeoutMs} ms. Check that it is reachable from the page, or raise timeoutMs.`, { cause, request: url });
      }
      throw new CouponError(failure, `Could not reach the ${what} (${url}): ${describe(cause)}. Check the URL and CORS.`, { cause, request: url });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      const code = controller.signal.aborted ? 'TIMEOUT' : failure;
      throw new CouponError(code, `The ${what} (${url}) broke off its answer: ${describe(cause)}.`, { cause, request: url });
    }
    let json: unknown;
    let parseError: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      parseError = cause;
    }
    if (!response.ok) {
      const { status } = response;
      const answer: Unchecked<CouponErrorResponse> = isRecord(json) ? json : {};
      // Typed as the contract's codes; a merchant's own server may answer others, kept as they are.
      const serverCode = typeof answer.error === 'string' ? (answer.error as CouponErrorResponse['error']) : undefined;
      const detail = `${serverCode ? ` ${serverCode}` : ''}${typeof answer.message === 'string' ? `: ${answer.message}` : ''}`;
      // Say whose fault it is: a 5xx is the merchant's server failing (upstream_*: its call to
      // WeChat), not the page, so the developer looks in the server log rather than the page.
      const whose = status < 500 ? 'The' : serverCode && serverCode.startsWith('upstream') ? 'Your server’s call to WeChat failed, so the' : 'Your server failed: the';
      throw new CouponError(failure, `${whose} ${what} (${url}) answered HTTP ${status}${detail}.`, { cause: { status, body: json ?? text.slice(0, 200) }, request: url, status, serverCode });
    }
    if (!isRecord(json)) {
      throw new CouponError(failure, `The ${what} (${url}) answered something that is not a JSON object. It must answer JSON as in the wire contract.`, { cause: parseError ?? json, request: url });
    }
    return json as Unchecked<Answer>;
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
