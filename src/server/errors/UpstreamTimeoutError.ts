import { ServerError } from './ServerError';

/** A WeChat API call (or the wait for another process's refresh) took longer than allowed. */
export class UpstreamTimeoutError extends ServerError {
  override readonly name = 'UpstreamTimeoutError';
  readonly code = 'upstream_timeout' as const;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(path: string, timeoutMs: number, message = `WeChat API ${path} did not answer within ${timeoutMs} ms`) {
    super(message);
    this.path = path;
    this.timeoutMs = timeoutMs;
  }
}
