import { StoreUnavailableError } from './StoreUnavailableError';

/**
 * The token store did not answer in time. node-redis queues commands while it reconnects, so
 * during an outage a call would otherwise wait for as long as the outage lasts, and every
 * request with it. A StoreUnavailableError: the handler answers 503 `store_unavailable`.
 */
export class StoreTimeoutError extends StoreUnavailableError {
  override readonly name: string = 'StoreTimeoutError';
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(operation, `The token store did not answer ${operation} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}
