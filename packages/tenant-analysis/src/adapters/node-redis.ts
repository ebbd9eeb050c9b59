import type { LibraryAdapter } from "./types.js";

/** node-redis clients: `createClient()`, `createCluster()`, `.duplicate()`, and `.multi()` chains. */
export const nodeRedis: LibraryAdapter = {
  library: "redis",
  kind: "redis",
  modules: ["redis", "@redis/client"],
  factories: ["createClient", "createCluster"],
  derivingMethods: ["duplicate", "isolated"],
  chainingMethods: ["multi", "MULTI"],
  typeNames: ["RedisClientType", "RedisClusterType"],
  typeNamePrefix: "Redis",
};
