// A throwaway redis-server for one test file, and node-redis connections to it (one per
// simulated process), all closed after the file; the database is emptied before each test.
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startRedisServer, type RedisServer } from './redis';

export type RedisClient = ReturnType<typeof createClient>;

/** Call at the top of a test file; `connect()` opens one more connection, as another process would. */
export function useRedisServer(): { connect(): Promise<RedisClient> } {
  let redis: RedisServer | undefined;
  const clients: RedisClient[] = [];
  const connect = async () => {
    if (!redis) throw new Error('useRedisServer: connect() is for tests and hooks, after the server started');
    const client = createClient({ url: redis.url });
    await client.connect();
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await redis?.stop();
  });
  beforeEach(async () => {
    await (await connect()).flushDb();
  });
  return { connect };
}
