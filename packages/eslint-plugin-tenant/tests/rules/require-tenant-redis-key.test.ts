import rule from "../../src/rules/require-tenant-redis-key.js";
import { ruleTester, typedRuleTester } from "../rule-tester.js";

// Two lines make an ioredis client; each case's own code starts on line 3.
const client = `import { Redis, Cluster } from "ioredis";
const redis = new Redis();
`;
const withRedis = (body: string): string => client + body;

// node-redis: same shape, two lines of set-up.
const nodeClient = `import { createClient } from "redis";
const client = createClient();
`;
const withNodeRedis = (body: string): string => nodeClient + body;

/** The 1-based line and column where `snippet` starts in `code` (the call a finding points at). */
function at(code: string, snippet: string): { line: number; column: number } {
  const index = code.indexOf(snippet);
  if (index < 0) throw new Error(`"${snippet}" is not in the test code`);
  const before = code.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** An invalid case: one finding at `call`; `fix` is [the key as written, its suggested replacement], when a suggestion exists. */
function unscoped(code: string, call: string, fix?: [string, string], settings?: Record<string, unknown>) {
  const suggestions = fix
    ? [
        {
          messageId: "prefixKeyWithTenant" as const,
          output: code.slice(0, code.indexOf(call)) + code.slice(code.indexOf(call)).replace(fix[0], fix[1]),
        },
      ]
    : [];
  return {
    code,
    ...(settings ? { settings: { tenant: settings } } : {}),
    errors: [{ messageId: "missingTenantSegment" as const, ...at(code, call), suggestions }],
  };
}

ruleTester.run("require-tenant-redis-key", rule, {
  valid: [
    // nestjs-cls and similar context stores, read by the tenant field's name.
    withRedis(
      `declare class ClsService { get(key: string): string }\nexport class Flags {\n  constructor(private readonly cls: ClsService) {}\n  read(flag: string) {\n    return redis.get(\`flags:\${this.cls.get("tenantId")}:\${flag}\`);\n  }\n}`,
    ),
    // Builders on an object that put the tenant in; a whole key handed in by the caller is undecidable.
    withRedis(
      `const keys = { drafts: (tenantId: string) => \`t:\${tenantId}:drafts\` };\nexport const drafts = (tenantId: string) => redis.get(keys.drafts(tenantId));`,
    ),
    withRedis(`export const read = (cacheKey: string) => redis.get(\`cache:\${cacheKey}\`);`),
    // The tenant read from wherever it is kept: a renamed destructure, AsyncLocalStorage, a getter, a fallback.
    withRedis(
      `export function show(req: { user: { tenantId: string } }) {\n  const { tenantId: tid } = req.user;\n  return redis.get(\`\${tid}:dashboard\`);\n}`,
    ),
    withRedis(
      `import { AsyncLocalStorage } from "node:async_hooks";\nconst als = new AsyncLocalStorage<{ tenantId: string }>();\nexport const show = () => redis.get(\`\${als.getStore()?.tenantId}:dashboard\`);`,
    ),
    withRedis(
      `import { getTenantId } from "./tenancy.js";\nexport const show = (id: string) => redis.get(\`t:\${getTenantId()}:campaign:\${id}\`);`,
    ),
    withRedis(`export const show = (tenantId?: string) => redis.get(\`\${tenantId ?? "default"}:dashboard\`);`),
    // Maps and Sets: `get`, `set`, `add` are in-memory lookups, not Redis commands.
    withRedis(
      `const sessions = new Map<string, string>();\nsessions.set("current", "x");\nexport const current = sessions.get("current");`,
    ),
    withRedis(`const seen = new Set<string>();\nseen.add("stats");\nexport const known = seen.has("stats");`),
    // URLSearchParams and Headers: request helpers.
    withRedis(
      `export const page = (q: string) => new URLSearchParams(q).get("page");\nexport const set = (p: URLSearchParams) => p.set("page", "2");`,
    ),
    withRedis(`export const auth = (h: Headers) => h.get("authorization");`),
    // In-process caches (lru-cache, node-cache, keyv): memory of this process, not a shared store.
    withRedis(
      `import { LRUCache } from "lru-cache";\nconst cache = new LRUCache<string, string>({ max: 100 });\ncache.set("stats", "1");\nexport const hit = () => cache.get("stats");`,
    ),
    withRedis(
      `import NodeCache from "node-cache";\nconst cache = new NodeCache();\ncache.set("stats", 1);\nexport const hit = () => cache.get("stats");`,
    ),
    withRedis(`import Keyv from "keyv";\nconst keyv = new Keyv();\nexport const hit = () => keyv.get("stats");`),
    // dayjs and lodash: `get`/`set` read dates and paths.
    withRedis(`import dayjs from "dayjs";\nexport const hour = () => dayjs().add(1, "day").get("hour");`),
    withRedis(`import _ from "lodash";\nexport const read = (o: object) => _.get(o, "a.b");\n_.set({}, "a", 1);`),
    // A user's own object of unknown type: undecidable, so counted, never reported.
    withRedis(`export const load = (store: any) => store.get("stats");`),
    withRedis(`import { cache } from "./cache.js";\nexport const load = () => cache.hgetall("stats");`),
    // Commands without keys.
    withRedis(`export const ping = () => redis.ping();\nexport const send = () => redis.publish("events", "x");`),
    // A template with the tenant value.
    withRedis(`export const get = (tenantId: string) => redis.get(\`stats:\${tenantId}\`);`),
    // The tenant read from the verified request.
    withRedis(
      `export const cart = (req: { user: { tenantId: string } }) => redis.get(\`cart:\${req.user.tenantId}\`);`,
    ),
    // A configured scope helper builds the key.
    withRedis(
      `import { tenantKey } from "./keys.js";\nexport const get = (t: string) => redis.get(tenantKey(t, "stats"));`,
    ),
    // Local key builders that add the tenant, whatever their parameter is called.
    withRedis(
      `const keyFor = (tenantId: string, id: string) => \`\${tenantId}:doc:\${id}\`;\nexport const get = (tenantId: string, id: string) => redis.get(keyFor(tenantId, id));`,
    ),
    withRedis(
      `function cacheKey(tenant: string, id: string) {\n  return \`cache:\${tenant}:\${id}\`;\n}\nexport const get = (tenantId: string, id: string) => redis.get(cacheKey(tenantId, id));`,
    ),
    // Concatenation and join with the tenant.
    withRedis(`export const get = (tenantId: string) => redis.get("stats:" + tenantId);`),
    withRedis(`export const get = (tenantId: string, id: string) => redis.get([tenantId, "doc", id].join(":"));`),
    // A const key that holds the tenant.
    withRedis(
      `export async function get(tenantId: string, id: string) {\n  const key = \`\${tenantId}:session:\${id}\`;\n  await redis.expire(key, 60);\n  return redis.get(key);\n}`,
    ),
    // globalKeys: the key's shape (`feature-flags:*`) is global on purpose.
    {
      code: withRedis(`export const flag = (name: string) => redis.get(\`feature-flags:\${name}\`);`),
      settings: { tenant: { globalKeys: ["^feature-flags:"] } },
    },
    {
      code: withRedis(`export const version = () => redis.get("config:version");`),
      settings: { tenant: { globalKeys: ["^config:version$"] } },
    },
    {
      code: withRedis(
        `const flagKey = (name: string) => \`feature-flags:\${name}\`;\nexport const flag = () => redis.get(flagKey("beta"));`,
      ),
      settings: { tenant: { globalKeys: ["^feature-flags:"] } },
    },
    // Pipelines and multi with scoped keys.
    withRedis(
      `export const bump = (tenantId: string) => redis.pipeline().incr(\`\${tenantId}:hits\`).expire(\`\${tenantId}:hits\`, 60).exec();`,
    ),
    withRedis(
      `export const swap = (tenantId: string) => redis.multi().set(\`\${tenantId}:a\`, "1").del(\`\${tenantId}:b\`).exec();`,
    ),
    // Multi-key commands with every key scoped.
    withRedis(`export const drop = (tenantId: string) => redis.del(\`\${tenantId}:a\`, \`\${tenantId}:b\`);`),
    withRedis(`export const put = (tenantId: string) => redis.mset(\`\${tenantId}:a\`, "1", \`\${tenantId}:b\`, "2");`),
    withRedis(`export const lock = (tenantId: string) => redis.eval("return 1", 1, \`\${tenantId}:lock\`, "arg");`),
    // node-redis camelCase commands with scoped keys.
    withNodeRedis(
      `export const profile = (tenantId: string) => client.hGetAll(\`\${tenantId}:profile\`);\nexport const join = (tenantId: string, m: string) => client.sAdd(\`\${tenantId}:members\`, m);`,
    ),
    withNodeRedis(`export const both = (tenantId: string) => client.mGet([\`\${tenantId}:a\`, \`\${tenantId}:b\`]);`),
    withNodeRedis(
      `export const settings = (tenantId: string) => client.json.set(\`tenant:\${tenantId}:settings\`, "$", { on: true });`,
    ),
    // ioredis keyPrefix with the tenant: the client prefixes every key itself.
    withRedis(
      `const forTenant = (tenantId: string) => new Redis({ keyPrefix: \`\${tenantId}:\` });\nexport const get = (tenantId: string) => forTenant(tenantId).get("stats");`,
    ),
    withRedis(
      `export const get = (tenantId: string) => redis.duplicate({ keyPrefix: \`t:\${tenantId}:\` }).get("stats");`,
    ),
    // A class bound to one tenant.
    withRedis(
      `export class TenantCache {\n  constructor(private readonly tenantId: string) {}\n  get(id: string) {\n    return redis.get(\`\${this.tenantId}:\${id}\`);\n  }\n}`,
    ),
    // Both branches scoped.
    withRedis(
      `export const get = (tenantId: string, draft: boolean) => redis.get(draft ? \`\${tenantId}:draft\` : \`\${tenantId}:live\`);`,
    ),
    // A worker reads the tenant from the job.
    withRedis(
      `export const onJob = (job: { data: { tenantId: string } }) => redis.incr(\`sent:\${job.data.tenantId}\`);`,
    ),
    // Undecidable keys: a parameter, or a builder in another module.
    withRedis(`export const get = (key: string) => redis.get(key);`),
    withRedis(`import { cacheKey } from "./keys.js";\nexport const get = (id: string) => redis.get(cacheKey(id));`),
    withRedis(`export const get = (ns: string, id: string) => redis.get(\`\${ns}:\${id}\`);`),
    // A configured tenant field.
    {
      code: withRedis(`export const get = (orgId: string) => redis.get(\`\${orgId}:stats\`);`),
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
  ],
  invalid: [
    // Key builders grouped on an object or a class, and constants by another name, are followed.
    unscoped(
      withRedis(
        `const keys = { leaderboard: (game: string) => \`leaderboard:\${game}\` };\nexport const top = (gameId: string) => redis.zrevrange(keys.leaderboard(gameId), 0, 9);`,
      ),
      `redis.zrevrange(`,
    ),
    unscoped(
      withRedis(
        `class CacheKeys {\n  static session(id: string) {\n    return \`session:\${id}\`;\n  }\n}\nexport const load = (id: string) => redis.get(CacheKeys.session(id));`,
      ),
      `redis.get(`,
    ),
    unscoped(
      withRedis(`const KEYS = { STATS: "stats" } as const;\nexport const stats = () => redis.get(KEYS.STATS);`),
      `redis.get(`,
    ),
    unscoped(
      withRedis(
        `enum CacheKey {\n  Pricing = "pricing",\n}\nexport const pricing = () => redis.get(CacheKey.Pricing);`,
      ),
      `redis.get(`,
    ),
    // A plain \`name\` is a value, not a whole key: the flag is shared by every tenant.
    unscoped(withRedis(`export const flag = (name: string) => redis.get(\`feature-flags:\${name}\`);`), `redis.get(`),
    // A literal key, with the tenant in scope to suggest.
    unscoped(withRedis(`export const get = (tenantId: string) => redis.get("stats");`), `redis.get(`, [
      `"stats"`,
      "`${tenantId}:stats`",
    ]),
    // Upper-case command names are the same commands.
    unscoped(withRedis(`export const get = (tenantId: string) => redis.GET("stats");`), `redis.GET(`, [
      `"stats"`,
      "`${tenantId}:stats`",
    ]),
    unscoped(withRedis(`export const put = (tenantId: string) => redis.setex("stats", 60, "1");`), `redis.setex(`, [
      `"stats"`,
      "`${tenantId}:stats`",
    ]),
    unscoped(withRedis(`export const put = (tenantId: string) => redis.hset("profile", "name", "x");`), `redis.hset(`, [
      `"profile"`,
      "`${tenantId}:profile`",
    ]),
    // Multi-key commands: one unscoped key is enough.
    unscoped(withRedis(`export const drop = (tenantId: string) => redis.del(\`\${tenantId}:a\`, "b");`), `redis.del(`, [
      `"b"`,
      "`${tenantId}:b`",
    ]),
    unscoped(
      withRedis(`export const both = (tenantId: string) => redis.mget(\`\${tenantId}:a\`, "b");`),
      `redis.mget(`,
      [`"b"`, "`${tenantId}:b`"],
    ),
    unscoped(
      withRedis(`export const put = (tenantId: string) => redis.mset(\`\${tenantId}:a\`, "1", "b", "2");`),
      `redis.mset(`,
      [`"b"`, "`${tenantId}:b`"],
    ),
    // mset with an object: the property name is the key, which cannot be rewritten in place.
    unscoped(
      withRedis(`export const put = (tenantId: string) => redis.mset({ [\`\${tenantId}:a\`]: "1", b: "2" });`),
      `redis.mset(`,
    ),
    // node-redis takes several keys as one array.
    unscoped(
      withNodeRedis(`export const both = (tenantId: string) => client.mGet([\`\${tenantId}:a\`, "b"]);`),
      `client.mGet(`,
      [`"b"`, "`${tenantId}:b`"],
    ),
    // Pipelines and multi: each queued command is checked.
    unscoped(
      withRedis(`export const save = (tenantId: string) => redis.pipeline().set("x", 1).exec();`),
      `redis.pipeline(`,
      [`"x"`, "`${tenantId}:x`"],
    ),
    unscoped(withRedis(`export const hit = (tenantId: string) => redis.multi().incr("hits").exec();`), `redis.multi(`, [
      `"hits"`,
      "`${tenantId}:hits`",
    ]),
    unscoped(
      withRedis(
        `export async function save(tenantId: string) {\n  const pipe = redis.pipeline();\n  pipe.set("x", 1);\n  await pipe.exec();\n}`,
      ),
      `pipe.set(`,
      [`"x"`, "`${tenantId}:x`"],
    ),
    // A template whose only value is not the tenant.
    unscoped(
      withRedis(`export const load = (tenantId: string, sessionId: string) => redis.get(\`session:\${sessionId}\`);`),
      `redis.get(`,
      ["`session:${sessionId}`", "`${tenantId}:session:${sessionId}`"],
    ),
    unscoped(withRedis(`export const load = (userId: string) => redis.get("user:" + userId);`), `redis.get(`),
    // A local builder known not to add the tenant.
    unscoped(
      withRedis(
        `function sessionKey(sessionId: string) {\n  return \`sess:\${sessionId}\`;\n}\nexport const load = (sessionId: string) => redis.get(sessionKey(sessionId));`,
      ),
      `redis.get(`,
    ),
    // A builder that would add it, handed something else in the tenant's place.
    unscoped(
      withRedis(
        `const cacheKey = (tenant: string, id: string) => \`cache:\${tenant}:\${id}\`;\nexport const load = (id: string) => redis.get(cacheKey("global", id));`,
      ),
      `redis.get(`,
    ),
    // call("GET", key): the key follows the command name.
    unscoped(withRedis(`export const raw = (tenantId: string) => redis.call("GET", "k");`), `redis.call(`, [
      `"k"`,
      "`${tenantId}:k`",
    ]),
    // node-redis camelCase commands.
    unscoped(withNodeRedis(`export const profile = () => client.hGetAll("profile");`), `client.hGetAll(`),
    // RedisJSON commands of node-redis: the key comes first.
    unscoped(withNodeRedis(`export const drop = () => client.json.del("settings");`), `client.json.del(`),
    unscoped(withNodeRedis(`export const join = (m: string) => client.sAdd("members", m);`), `client.sAdd(`),
    unscoped(
      withNodeRedis(`export const save = (tenantId: string) => client.set("k", "v", { EX: 10 });`),
      `client.set(`,
      [`"k"`, "`${tenantId}:k`"],
    ),
    // A const key without the tenant: the message shows what the variable holds.
    unscoped(
      withRedis(
        `export async function limit(ip: string) {\n  const key = \`rl:ip:\${ip}\`;\n  return redis.incr(key);\n}`,
      ),
      `redis.incr(`,
    ),
    // join without the tenant: the suggestion adds it as the first part.
    unscoped(
      withRedis(`export const load = (tenantId: string, id: string) => redis.get(["session", id].join(":"));`),
      `redis.get(`,
      [`["session", id]`, `[tenantId, "session", id]`],
    ),
    // Patterns, blocking pops, scripts, subcommands, Buffer variants.
    unscoped(withRedis(`export const all = () => redis.keys("session:*");`), `redis.keys(`),
    unscoped(withRedis(`export const next = () => redis.blpop("jobs", 0);`), `redis.blpop(`),
    unscoped(withRedis(`export const lock = () => redis.eval("return 1", 1, "lock", "arg");`), `redis.eval(`),
    unscoped(
      withRedis(`export const group = () => redis.xgroup("CREATE", "events", "workers", "$");`),
      `redis.xgroup(`,
    ),
    unscoped(withRedis(`export const image = () => redis.getBuffer("logo");`), `redis.getBuffer(`),
    // A static keyPrefix does not add the tenant.
    unscoped(
      withRedis(`const app = new Redis({ keyPrefix: "app:" });\nexport const get = () => app.get("stats");`),
      `app.get(`,
    ),
    // A cluster, a class field, a client assigned later.
    unscoped(
      withRedis(
        `const cluster = new Cluster([{ host: "a", port: 6379 }]);\nexport const get = () => cluster.get("stats");`,
      ),
      `cluster.get(`,
    ),
    unscoped(
      withRedis(
        `export class Leaderboard {\n  private redis = new Redis();\n  bump(userId: string, score: number) {\n    return this.redis.zadd("leaderboard", score, userId);\n  }\n}`,
      ),
      `this.redis.zadd(`,
    ),
    unscoped(
      withRedis(
        `let shared: Redis | undefined;\nexport function init() {\n  shared = new Redis();\n}\nexport const stats = () => shared?.get("stats");`,
      ),
      `shared?.get(`,
    ),
    // The documented set-ups return the client itself: `createClient().on(…).connect()`, `new Redis().on(…)`.
    unscoped(
      `import { createClient } from "redis";\nconst client = await createClient().on("error", () => undefined).connect();\nexport const get = () => client.get("stats");`,
      `client.get(`,
    ),
    unscoped(
      `import { Redis } from "ioredis";\nconst io = new Redis().on("error", () => undefined);\nexport const get = () => io.get("stats");`,
      `io.get(`,
    ),
    // The tenant read from the verified request is what the suggestion uses.
    unscoped(
      withRedis(
        `export async function cart(req: { user: { tenantId: string; id: string } }) {\n  if (!req.user.tenantId) throw new Error("no tenant");\n  return redis.get(\`cart:\${req.user.id}\`);\n}`,
      ),
      `redis.get(`,
      ["`cart:${req.user.id}`", "`${req.user.tenantId}:cart:${req.user.id}`"],
    ),
    // A key that does not match the globalKeys pattern is still checked.
    unscoped(withRedis(`export const flags = () => redis.get("feature-flags");`), `redis.get(`, undefined, {
      globalKeys: ["^feature-flags:"],
    }),
    // A configured tenant field: tenantId alone does not satisfy orgId.
    unscoped(
      withRedis(`export const get = (orgId: string, tenantId: string) => redis.get(\`\${tenantId}:stats\`);`),
      `redis.get(`,
      ["`${tenantId}:stats`", "`${orgId}:${tenantId}:stats`"],
      { tenantFields: ["orgId"] },
    ),
  ],
});

typedRuleTester.run("require-tenant-redis-key (typed)", rule, {
  valid: [
    // RedisJSON through node-redis' json namespace, typed: the client's type says it is Redis.
    `import { nodeRedis } from "./clients.js";\nexport const prefs = (tenantId: string) => nodeRedis.json.get(\`\${tenantId}:prefs\`);`,
    // Clients imported from another file, with scoped keys.
    `import { redis } from "./clients.js";\nexport const get = (tenantId: string) => redis.get(\`\${tenantId}:stats\`);`,
    `import { nodeRedis } from "./clients.js";\nexport const get = (tenantId: string) => nodeRedis.hGetAll(\`\${tenantId}:profile\`);`,
    // A Map typed in another file stays a Map.
    `import { Redis } from "ioredis";\nexport const lookup = (m: Map<string, Redis>) => m.get("primary");`,
    // Without the setting, an in-house wrapper is unknown.
    `import { cache } from "./wrappers.js";\nexport const get = () => cache.get("stats");`,
    // The configured wrapper with a scoped key.
    {
      code: `import { cache } from "./wrappers.js";\nexport const get = (tenantId: string) => cache.get(\`\${tenantId}:stats\`);`,
      settings: { tenant: { receivers: { redis: ["CacheClient"] } } },
    },
  ],
  invalid: [
    // Only the type checker knows that an imported value is a Redis client.
    unscoped(`import { redis } from "./clients.js";\nexport const get = () => redis.get("stats");`, `redis.get(`),
    unscoped(
      `import { nodeRedis } from "./clients.js";\nexport const get = () => nodeRedis.hGetAll("profile");`,
      `nodeRedis.hGetAll(`,
    ),
    unscoped(
      `import { nodeRedis } from "./clients.js";\nexport const save = () => nodeRedis.multi().set("a", "1").exec();`,
      `nodeRedis.multi(`,
    ),
    // A parameter typed as an ioredis client.
    unscoped(`import type { Redis } from "ioredis";\nexport const get = (r: Redis) => r.get("stats");`, `r.get(`),
    // An in-house wrapper named in `receivers`.
    unscoped(
      `import { cache } from "./wrappers.js";\nexport const get = () => cache.get("stats");`,
      `cache.get(`,
      undefined,
      { receivers: { redis: ["CacheClient"] } },
    ),
  ],
});

// @upstash/redis: two lines make the HTTP client.
const upstashSetup = `import { Redis } from "@upstash/redis";
const redis = new Redis({ url: "https://example.upstash.io", token: "t" });
`;
const withUpstash = (body: string): string => upstashSetup + body;

// Look-alikes of an Upstash client, valid in both modes: a Map named redis, a hand-written
// object, another class's static `fromEnv`.
const redisLookAlikes = [
  `const redis = new Map<string, string>();\nredis.set("plan", "free");\nexport const plan = redis.get("plan");`,
  `const redis = { get: (key: string) => key, incr: (key: string) => key };\nredis.get("plan");\nredis.incr("views");`,
  `declare class Config { static fromEnv(): Map<string, string> }\nexport const plan = () => Config.fromEnv().get("plan");`,
  `export const read = (client: { get(key: string): Promise<string | null> }) => client.get("plan");`,
];

ruleTester.run("require-tenant-redis-key (Upstash)", rule, {
  valid: [
    // RedisJSON through the client's json namespace: the key carries the tenant.
    withUpstash(`export const prefs = (tenantId: string) => redis.json.get(\`\${tenantId}:prefs\`, "$");`),
    // A json namespace of an object that is no Redis client.
    `const store = { json: { set: (k: string, p: string, v: object) => v } };\nexport const put = () => store.json.set("prefs", "$", {});`,
    withUpstash(`export const plan = (tenantId: string) => redis.get(\`\${tenantId}:plan\`);`),
    withUpstash(
      `export const views = (tenantId: string, page: string) => redis.hset(\`tenant:\${tenantId}:pages\`, { [page]: 1 });`,
    ),
    withUpstash(
      `export const save = (tenantId: string) => redis.pipeline().set(\`\${tenantId}:a\`, 1).incr(\`\${tenantId}:b\`).exec();`,
    ),
    `import { Redis } from "@upstash/redis";\nexport const plan = (tenantId: string) => Redis.fromEnv().get(\`\${tenantId}:plan\`);`,
    `import { Redis } from "@upstash/redis/cloudflare";\nconst redis = Redis.fromEnv({});\nexport const plan = (tenantId: string) => redis.get(\`\${tenantId}:plan\`);`,
    {
      code: withUpstash(`export const flag = (name: string) => redis.get(\`feature-flags:\${name}\`);`),
      settings: { tenant: { globalKeys: ["^feature-flags:"] } },
    },
    // A key builder of this file that puts the tenant in.
    withUpstash(
      `const planKey = (tenantId: string) => \`\${tenantId}:plan\`;\nexport const plan = (tenantId: string) => redis.get(planKey(tenantId));`,
    ),
    // Untyped, a key builder imported from another file cannot be seen: unverified, not reported.
    withUpstash(
      `import { statsKey } from "./redis-keys.js";\nexport const stats = (day: string) => redis.get(statsKey(day));`,
    ),
    ...redisLookAlikes,
  ],
  invalid: [
    unscoped(withUpstash(`export const plan = () => redis.get("plan");`), `redis.get(`),
    unscoped(
      withUpstash(`export const views = (tenantId: string, page: string) => redis.incr(\`views:\${page}\`);`),
      `redis.incr(`,
      ["`views:${page}`", "`${tenantId}:views:${page}`"],
    ),
    unscoped(
      withUpstash(`export const top = (page: string) => redis.zadd("top-pages", { score: 1, member: page });`),
      `redis.zadd(`,
    ),
    unscoped(withUpstash(`export const save = () => redis.pipeline().set("a", 1).exec();`), `redis.pipeline(`),
    unscoped(
      withUpstash(`export const prefs = () => redis.json.set("prefs", "$", { theme: "dark" });`),
      `redis.json.set(`,
    ),
    unscoped(withUpstash(`export const save = () => redis.multi().incr("logins").exec();`), `redis.multi(`),
    unscoped(
      `import { Redis } from "@upstash/redis";\nconst redis = Redis.fromEnv();\nexport const plan = () => redis.get("plan");`,
      `redis.get(`,
    ),
    unscoped(
      `import { Redis } from "@upstash/redis";\nexport const plan = () => Redis.fromEnv().get("plan");`,
      `Redis.fromEnv().get(`,
    ),
    unscoped(
      `import { Redis } from "@upstash/redis/cloudflare";\nconst redis = new Redis({ url: "u", token: "t" });\nexport const plan = () => redis.del("plan");`,
      `redis.del(`,
    ),
    // A parameter annotated with the client's class.
    unscoped(
      `import type { Redis } from "@upstash/redis";\nexport const plan = (r: Redis) => r.get("plan");`,
      `r.get(`,
    ),
    // A key builder of this file known not to add the tenant.
    unscoped(
      withUpstash(
        `const statsKey = (day: string) => \`stats:\${day}\`;\nexport const stats = (day: string) => redis.get(statsKey(day));`,
      ),
      `redis.get(`,
    ),
  ],
});

typedRuleTester.run("require-tenant-redis-key (typed: builders and clients from other files)", rule, {
  valid: [
    // A builder imported from another file that puts the tenant in, through a re-export.
    `import { sessionKey, upstash } from "./redis-index.js";\nexport const session = (tenantId: string, id: string) => upstash.get(sessionKey(tenantId, id));`,
    `import { sessionKey } from "./redis-keys.js";\nimport { redis } from "./clients.js";\nexport const session = (tenantId: string, id: string) => redis.get(sessionKey(tenantId, id));`,
    ...redisLookAlikes,
    // A client declared in another file, with a scoped key.
    `import { upstash } from "./redis-keys.js";\nexport const plan = (tenantId: string) => upstash.get(\`\${tenantId}:plan\`);`,
  ],
  invalid: [
    // The client and the builder are both declared elsewhere; only the checker sees them.
    unscoped(
      `import { statsKey, upstash } from "./redis-index.js";\nexport const stats = (day: string) => upstash.get(statsKey(day));`,
      `upstash.get(`,
    ),
    unscoped(
      `import { statsKey } from "./redis-keys.js";\nimport { redis } from "./clients.js";\nexport const stats = (day: string) => redis.get(statsKey(day));`,
      `redis.get(`,
    ),
    unscoped(
      `import { upstash } from "./redis-index.js";\nexport const plan = () => upstash.get("plan");`,
      `upstash.get(`,
    ),
  ],
});
