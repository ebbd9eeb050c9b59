import type { LibraryAdapter } from "./types.js";

/** node-redis clients: `createClient()`, `createCluster()`, pools, sentinels, `.duplicate()`, and `.multi()` chains. */
export const nodeRedis: LibraryAdapter = {
  library: "redis",
  kind: "redis",
  modules: ["redis", "@redis/client"],
  factories: ["createClient", "createCluster", "createClientPool", "createSentinel"],
  // `await createClient().on("error", log).connect()`: the documented set-up returns the client itself.
  derivingMethods: ["duplicate", "isolated", "withTypeMapping", "withAbortSignal", "asap", "on", "once", "connect"],
  chainingMethods: ["multi", "MULTI"],
  // `RedisClientMultiCommandTyped` is what `client.multi()` returns; the prefix rule wants "…Type".
  typeNames: ["RedisClientType", "RedisClusterType", "RedisClientMultiCommandTyped"],
  typeNamePrefix: "Redis",
};
