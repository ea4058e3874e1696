import { ServerError } from './ServerError';

/**
 * The token store (Redis, say) failed a call or did not answer it: the handler answers 503
 * `store_unavailable` rather than going round the shared cache to WeChat. Only the operation
 * and the failure's name and code are kept, never the store client's own error: a client may
 * attach the command and its arguments to it, and a `set` carries a token or ticket.
 */
export class StoreUnavailableError extends ServerError {
  override readonly name: string = 'StoreUnavailableError';
  readonly code = 'store_unavailable' as const;
  /** `get`, `set`, `lock` or `unlock`. */
  readonly operation: string;

  constructor(operation: string, message: string) {
    super(message);
    this.operation = operation;
  }
}

/** Why a store call failed, by name and code only (see above). */
export function describeStoreFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` (${code})` : ''}`;
}
