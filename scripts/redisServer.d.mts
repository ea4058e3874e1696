export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary; throws, saying how to install it, when there is none. */
export function findRedisServer(): string;

/** Start redis-server on a free loopback port, without persistence. */
export function startRedisServer(): Promise<RedisServer>;
