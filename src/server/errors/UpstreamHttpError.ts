import { ServerError } from './ServerError';

/**
 * The WeChat API could not be reached or answered something that is not its JSON (a proxy
 * error page, a non-2xx status, a reset connection). `status` is 0 when there was no answer.
 * The underlying error is summarised, not attached: a fetch error can quote the request URL,
 * and for `cgi-bin/token` that URL carries the secret.
 */
export class UpstreamHttpError extends ServerError {
  override readonly name = 'UpstreamHttpError';
  readonly code = 'upstream_http_error' as const;
  readonly path: string;
  readonly status: number;

  constructor(path: string, status: number, detail: string) {
    super(`WeChat API ${path} ${status ? `answered HTTP ${status}` : 'could not be reached'}: ${detail}`);
    this.path = path;
    this.status = status;
  }
}
