import { ServerError } from './ServerError';

/**
 * A request the coupon handler refuses: becomes `{ error: code, message }` with this status.
 * Its `code` is that answer's `error` field, not a ServerErrorCode: it never leaves the handler.
 */
export class HttpError extends ServerError<string> {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}
