import type { LibraryAdapter } from "./types.js";

/** ioredis clients: `new Redis()`, `new Cluster()`, `new Redis.Cluster()`, and their pipelines. */
export const ioredis: LibraryAdapter = {
  library: "ioredis",
  kind: "redis",
  modules: ["ioredis"],
  defaultExport: "construct",
  constructs: ["Redis", "Cluster"],
  // `new Redis().on("error", log)` returns the client itself.
  derivingMethods: ["duplicate", "on", "once"],
  chainingMethods: ["pipeline", "multi"],
  typeNames: ["Redis", "Cluster", "Pipeline", "ChainableCommander", "RedisCommander"],
};
