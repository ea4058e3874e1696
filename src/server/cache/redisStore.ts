import { randomString } from '../nonce';
import type { TokenStore } from './TokenStore';

/**
 * The few Redis commands the store needs, shaped like node-redis v4/v5 (`createClient()`), which
 * can be passed as is. For ioredis, adapt it in a few lines:
 *
 * ```ts
 * import Redis from 'ioredis';
 * const io = new Redis(process.env.REDIS_URL);
 * const store = redisStore({
 *   get: (key) => io.get(key),
 *   set: (key, value, { PX, NX }) => (NX ? io.set(key, value, 'PX', PX, 'NX') : io.set(key, value, 'PX', PX)),
 *   eval: (script, { keys, arguments: args }) => io.eval(script, keys.length, ...keys, ...args),
 * });
 * ```
 */
export interface RedisLikeClient {
  get(key: string): Promise<unknown>;
  /** Resolves `'OK'` when set, `null` when `NX` found the key taken. */
  set(key: string, value: string, options: { PX: number; NX?: boolean }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** Prepended to every key; default `'wx-coupon:'`. */
  keyPrefix?: string;
}

// Delete the lock only if it still holds our token: after a lock expires another process may
// own it, and a plain DEL would release theirs.
const RELEASE_IF_OURS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * A store in Redis, for several processes serving one appId: the one that takes the lock
 * (`SET key token NX PX ttl`) fetches from WeChat; the others wait and read its result.
 */
export function redisStore(client: RedisLikeClient, options: RedisStoreOptions = {}): TokenStore {
  const prefix = options.keyPrefix ?? 'wx-coupon:';
  const ttl = (ms: number) => Math.max(1, Math.ceil(ms));
  return {
    async get(key) {
      const value = await client.get(prefix + key);
      // Clients configured to return Buffers would otherwise look like a permanent cache miss.
      if (value instanceof Uint8Array) return new TextDecoder().decode(value);
      return typeof value === 'string' ? value : null;
    },
    async set(key, value, ttlMs) {
      await client.set(prefix + key, value, { PX: ttl(ttlMs) });
    },
    async tryLock(key, ttlMs) {
      const owner = randomString(24);
      const taken = await client.set(prefix + key, owner, { NX: true, PX: ttl(ttlMs) });
      if (taken === null || taken === undefined) return null;
      return async () => {
        await client.eval(RELEASE_IF_OURS, { keys: [prefix + key], arguments: [owner] });
      };
    },
  };
}
