/**
 * The token store (Redis, say) did not answer in time. node-redis queues commands while it
 * reconnects, so during an outage a call would otherwise wait for as long as the outage lasts,
 * and every request with it. The handler answers 503 `store_unavailable`.
 */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
  /** `get`, `set`, `lock` or `unlock`. */
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(`The token store did not answer ${operation} within ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}
