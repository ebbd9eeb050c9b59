import type { LibraryAdapter } from "./types.js";

/** node-redis clients: `createClient()`, `createCluster()`, pools, sentinels, `.duplicate()`, and `.multi()` chains. */
export const nodeRedis: LibraryAdapter = {
  library: "redis",
  kind: "redis",
  modules: ["redis", "@redis/client"],
  factories: ["createClient", "createCluster", "createClientPool", "createSentinel"],
  derivingMethods: ["duplicate", "isolated", "withTypeMapping", "withAbortSignal", "asap"],
  chainingMethods: ["multi", "MULTI"],
  // `RedisClientMultiCommandTyped` is what `client.multi()` returns; the prefix rule wants "…Type".
  typeNames: ["RedisClientType", "RedisClusterType", "RedisClientMultiCommandTyped"],
  typeNamePrefix: "Redis",
};
