/**
 * Where the server part reports what it does. `console` fits. It is only ever given API paths,
 * errcodes and appIds: never the AppSecret, an access_token or a ticket.
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {};
