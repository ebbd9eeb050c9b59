import { describe, expect, it } from "vitest";
import { classifyReceiver } from "../src/receivers/classify.js";
import { parse, probe, untyped } from "./helpers.js";

function classify(code: string, settings: unknown = {}): string {
  const sourceFile = parse(code);
  const result = classifyReceiver(probe(sourceFile), untyped(settings));
  return result.status === "target"
    ? `${result.target.kind}:${result.target.library}${result.target.chain ? ":chain" : ""}`
    : result.status;
}

describe("classifyReceiver without types", () => {
  const targets: [string, string, string][] = [
    [
      "a mongoose.model() result",
      `import mongoose from "mongoose"; const Campaign = mongoose.model("Campaign", schema); probe(Campaign);`,
      "model:mongoose",
    ],
    [
      "a named model() import",
      `import { model } from "mongoose"; const Lead = model("Lead", schema); probe(Lead);`,
      "model:mongoose",
    ],
    [
      "a Model<T> annotation",
      `import type { Model } from "mongoose"; class S { constructor(private readonly campaigns: Model<C>) {} f() { probe(this.campaigns); } }`,
      "model:mongoose",
    ],
    [
      "a db.collection() result",
      `const campaigns = db.collection("campaigns"); probe(campaigns);`,
      "collection:mongodb",
    ],
    [
      "a Collection<T> parameter",
      `import { Collection } from "mongodb"; function f(c: Collection<X>) { probe(c); }`,
      "collection:mongodb",
    ],
    ["new Redis()", `import Redis from "ioredis"; const redis = new Redis(); probe(redis);`, "redis:ioredis"],
    [
      "new Redis.Cluster()",
      `import Redis from "ioredis"; const cluster = new Redis.Cluster([]); probe(cluster);`,
      "redis:ioredis",
    ],
    [
      "an ioredis pipeline",
      `import { Redis } from "ioredis"; const redis = new Redis(); probe(redis.pipeline());`,
      "redis:ioredis:chain",
    ],
    [
      "a command on a pipeline",
      `import { Redis } from "ioredis"; const redis = new Redis(); probe(redis.multi().set("a", 1));`,
      "redis:ioredis:chain",
    ],
    [
      "node-redis createClient()",
      `import { createClient } from "redis"; const client = createClient(); probe(client);`,
      "redis:redis",
    ],
    [
      "a let assigned later",
      `import { createClient } from "redis"; let client; async function init() { client = createClient(); } probe(client);`,
      "redis:redis",
    ],
    ["new Bull()", `import Bull from "bull"; const q = new Bull("emails"); probe(q);`, "queue:bull"],
    ["Bull() without new", `import Queue from "bull"; const q = Queue("emails"); probe(q);`, "queue:bull"],
    ["a BullMQ Queue", `import { Queue } from "bullmq"; const q = new Queue("emails"); probe(q);`, "queue:bullmq"],
    [
      "a lazily filled queue cache",
      `import Bull from "bull"; const cache = {}; function get(k) { if (!cache[k]) cache[k] = new Bull(k); return cache[k]; } probe(get("x"));`,
      "queue:bull",
    ],
    [
      "a Map of queues",
      `import { Queue } from "bullmq"; const queues = new Map(); queues.set("a", new Queue("a")); probe(queues.get("a"));`,
      "queue:bullmq",
    ],
    [
      "this.redis assigned in the constructor",
      `import Redis from "ioredis"; class C { redis; constructor() { this.redis = new Redis(); } f() { probe(this.redis); } }`,
      "redis:ioredis",
    ],
    [
      "a configured wrapper type",
      `import type { TenantCollection } from "./db"; function f(c: TenantCollection<X>) { probe(c); }`,
      "collection:custom",
    ],
    [
      "a class extending a configured wrapper",
      `import { BaseRepository } from "./db"; class Repo extends BaseRepository {} const repo = new Repo(); probe(repo);`,
      "collection:custom",
    ],
  ];
  it.each(targets)("knows %s", (_label, code, expected) => {
    expect(classify(code, { receivers: { collection: ["TenantCollection", "BaseRepository"] } })).toBe(expected);
  });

  const nonTargets: [string, string][] = [
    ["an array literal", `const users = [{ id: 1 }]; probe(users);`],
    ["an array annotation", `function f(users: User[]) { probe(users); }`],
    ["a Map", `const cache = new Map(); probe(cache);`],
    ["a Set", `const seen = new Set(); probe(seen);`],
    ["URLSearchParams", `const params = new URLSearchParams(q); probe(params);`],
    ["Headers", `const headers = new Headers(); probe(headers);`],
    ["lodash", `import _ from "lodash"; probe(_);`],
    ["p-queue", `import PQueue from "p-queue"; const queue = new PQueue(); probe(queue);`],
    ["an LRU cache", `import { LRUCache } from "lru-cache"; const cache = new LRUCache({ max: 5 }); probe(cache);`],
    ["a filtered array", `const users = [1]; probe(users.filter(Boolean));`],
    ["Object.values()", `probe(Object.values(x));`],
    ["a string", `probe("campaigns");`],
  ];
  it.each(nonTargets)("knows %s is not a receiver", (_label, code) => {
    expect(classify(code)).toBe("non-target");
  });

  const unknowns: [string, string][] = [
    ["an untyped parameter", `function f(repo) { probe(repo); }`],
    ["an import from the project", `import { Campaign } from "./models"; probe(Campaign);`],
    ["a destructured dependency", `const { redis } = deps; probe(redis);`],
    ["a call the file cannot see into", `probe(getQueue("x"));`],
    ["a Mongoose query result", `import { model } from "mongoose"; const C = model("C", s); probe(C.findOne({}));`],
  ];
  it.each(unknowns)("leaves %s unknown", (_label, code) => {
    expect(classify(code)).toBe("unknown");
  });
});
