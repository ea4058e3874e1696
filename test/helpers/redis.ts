// A throwaway redis-server for the shared-cache tests. Missing redis-server is a failure, not
// a skip: CI installs it. The code lives in scripts/redisServer.mjs, shared with the bench.
export { startRedisServer, type RedisServer } from '../../scripts/redisServer.mjs';
