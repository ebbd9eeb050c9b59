import type { LibraryAdapter } from "./types.js";

/** Upstash's HTTP Redis client: `new Redis({ url, token })`, `Redis.fromEnv()`, and its pipelines. */
export const upstashRedis: LibraryAdapter = {
  library: "@upstash/redis",
  kind: "redis",
  modules: [
    "@upstash/redis",
    "@upstash/redis/node",
    "@upstash/redis/nodejs",
    "@upstash/redis/cloudflare",
    "@upstash/redis/fastly",
  ],
  constructs: ["Redis"],
  staticFactories: { Redis: ["fromEnv"] },
  chainingMethods: ["pipeline", "multi"],
  typeNames: ["Redis", "Pipeline"],
};
