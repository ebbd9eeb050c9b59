import rule from "../../src/rules/no-global-tenant-state.js";
import { ruleTester, typedRuleTester } from "../rule-tester.js";

/** The line and column (1-based) where the first occurrence of `snippet` starts in `code`. */
function at(code: string, snippet: string): { line: number; column: number } {
  const index = code.indexOf(snippet);
  if (index < 0) throw new Error(`"${snippet}" is not in the test code`);
  const before = code.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** A case reported at the declaration of the store named `store` (its first mention: `const store = …`). */
function reported(
  code: string,
  store: string,
  messageId: "sharedKeyedState" | "sharedState",
  data?: Record<string, string>,
  settings?: Record<string, unknown>,
) {
  return {
    code,
    ...(settings ? { settings } : {}),
    errors: [{ messageId, ...(data ? { data } : {}), ...at(code, `${store}`) }],
  };
}

ruleTester.run("no-global-tenant-state", rule, {
  valid: [
    // Sums kept per model: aggregates, no tenant's content.
    `const tokenTotals: Record<string, number> = {};\nconst costByModel = new Map<string, number>();\nexport function record(req: any, res: any) {\n  tokenTotals[req.body.model] = (tokenTotals[req.body.model] ?? 0) + req.body.tokens;\n  costByModel.set(req.body.model, (costByModel.get(req.body.model) ?? 0) + req.body.cost);\n  res.end();\n}`,
    // Keyed by a tenant destructured under another name.
    `const histories = new Map<string, string[]>();\nexport function remember(req: { user: { tenantId: string }; params: { id: string } }, messages: string[]) {\n  const { tenantId: tid } = req.user;\n  histories.set(\`\${tid}:\${req.params.id}\`, messages);\n}`,
    // Constants never written: prompts, options, allow-lists, read by request code.
    `const PROMPTS = { support: "You are a support agent.", sales: "You are a sales agent." };\nexport const prompt = (req: any, res: any) => res.json(PROMPTS[req.body.kind as keyof typeof PROMPTS]);`,
    `const ALLOWED = ["gpt-4o", "gpt-4o-mini"];\nexport const ok = (req: any, res: any) => res.json(ALLOWED.includes(req.body.model));`,
    `const DEFAULTS = new Map([["temperature", 0.2]]);\nexport function options(tenantId: string) { return { tenantId, temperature: DEFAULTS.get("temperature") }; }`,
    // Keyed by the tenant: a Map keyed by tenantId, a template key with the tenant, a scope helper.
    `const tenantLimiter = new Map<string, { tokens: number }>();\nexport function limiterFor(tenantId: string, tokens: number) {\n  if (!tenantLimiter.has(tenantId)) tenantLimiter.set(tenantId, { tokens });\n  return tenantLimiter.get(tenantId);\n}`,
    `const queueCache: Record<string, unknown> = {};\nexport function getCampaignQueue(tenantId: string, make: (k: string) => unknown) {\n  const queueKey = \`campaign:\${tenantId}\`;\n  if (!queueCache[queueKey]) queueCache[queueKey] = make(queueKey);\n  return queueCache[queueKey];\n}`,
    `const history = new Map<string, string[]>();\nexport function remember(tenantId: string, conversationId: string, text: string) {\n  history.set(\`\${tenantId}:\${conversationId}\`, [text]);\n}`,
    `import { tenantKey } from "./keys.js";\nconst cache = new Map<string, string>();\nexport function put(tenantId: string, id: string, value: string) { cache.set(tenantKey(tenantId, id), value); }`,
    `const prompts = new Map<string, Map<string, string>>();\nexport function put(tenantId: string, id: string, prompt: string) {\n  if (!prompts.has(tenantId)) prompts.set(tenantId, new Map());\n  prompts.get(tenantId)!.set(id, prompt);\n}`,
    `const byTenant: Record<string, string[]> = {};\nexport function add(req: any, res: any) {\n  (byTenant[req.user.tenantId] ??= []).push(req.body.message);\n  res.end();\n}`,
    `const seen = new Set<string>();\nexport function mark(tenantId: string, email: string) { seen.add(\`\${tenantId}:\${email}\`); }`,
    // Singletons: clients, pools, AsyncLocalStorage, a lazily created SDK client.
    `import OpenAI from "openai";\nlet client: OpenAI | undefined;\nexport function getClient() { client ??= new OpenAI(); return client; }`,
    `import OpenAI from "openai";\nlet client: OpenAI | undefined;\nexport function handler(req: any, res: any) {\n  if (!client) client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n  res.json({ ok: Boolean(client) });\n}`,
    `import { AsyncLocalStorage } from "node:async_hooks";\nconst tenantContext = new AsyncLocalStorage<{ tenantId: string }>();\nexport const run = (tenantId: string, fn: () => void) => tenantContext.run({ tenantId }, fn);`,
    `import { Redis } from "ioredis";\nconst redis = new Redis();\nexport const get = (tenantId: string) => redis.get(\`\${tenantId}:x\`);`,
    // A known client made by a factory: its \`set\` is a Redis command, not a write to process memory.
    `import { createClient } from "redis";\nconst redis = createClient();\nexport async function save(req: any, res: any) { await redis.set("draft", req.body.text); res.end(); }`,
    // A Map of clients by region, filled by a function with no request or tenant in scope.
    `import OpenAI from "openai";\nconst clients = new Map<string, OpenAI>();\nexport function clientFor(region: string) {\n  if (!clients.has(region)) clients.set(region, new OpenAI({ baseURL: \`https://\${region}.example.com\` }));\n  return clients.get(region)!;\n}`,
    // A client made per key from a package inside request code: a singleton, not request data.
    `import { Queue } from "bullmq";\nconst queues = new Map<string, Queue>();\nexport function handler(req: any, res: any) {\n  if (!queues.has("emails")) queues.set("emails", new Queue("emails"));\n  res.end();\n}`,
    // Registries written at module start-up, or by functions with no request or tenant.
    `const handlers = new Map<string, () => void>();\nhandlers.set("email", () => undefined);\nexport function register(name: string, fn: () => void) { handlers.set(name, fn); }`,
    `const shutdownHooks: (() => Promise<void>)[] = [];\nexport function onShutdown(hook: () => Promise<void>) { shutdownHooks.push(hook); }`,
    `let config: { model: string } | undefined;\nexport async function loadConfig(path: string) { config = JSON.parse(path); }`,
    // A directory of tenants built at start-up: a loop over every tenant, mapping to tenant ids.
    `const tenantsBySlug = new Map<string, string>();\nexport async function loadTenants(list: () => Promise<{ slug: string; tenantId: string }[]>) {\n  for (const tenant of await list()) tenantsBySlug.set(tenant.slug, tenant.tenantId);\n}`,
    `const tenantsByHost = new Map<string, string>();\nexport function registerTenant(tenantId: string, host: string) { tenantsByHost.set(host, tenantId); }`,
    // Counters: read back from the store itself, or arithmetic on a let.
    `const hits = new Map<string, number>();\nexport function count(req: any, res: any) { hits.set(req.ip, (hits.get(req.ip) ?? 0) + 1); res.end(); }`,
    `let requests = 0;\nexport function count(req: any, res: any) { requests += 1; requests++; res.end(); }`,
    `const windows = new Map<string, { count: number; resetAt: number }>();\nexport function limit(req: any, res: any) { windows.set(req.ip, { count: 1, resetAt: Date.now() + 60_000 }); res.end(); }`,
    // The job's or request's own id names the unit of work, not its content: an in-flight set.
    `import { Worker } from "bullmq";\nconst inFlight = new Set<string>();\nnew Worker("send", async (job) => { inFlight.add(job.id!); try { return 1; } finally { inFlight.delete(job.id!); } });`,
    `const active = new Set<string>();\nexport function track(req: any, res: any, next: () => void) { active.add(req.id); res.on("finish", () => active.delete(req.id)); next(); }`,
    // A caught error kept for diagnostics is not tenant data.
    `import { Worker } from "bullmq";\nlet lastError: Error | null = null;\nnew Worker("send", async (job) => { try { return job.data.tenantId; } catch (err) { lastError = err as Error; throw err; } });`,
    // WeakMap keyed by the request object: entries die with the request.
    `const perRequest = new WeakMap<object, string>();\nexport function tag(req: any, res: any) { perRequest.set(req, req.body.prompt); res.end(); }`,
    // Local state inside a function is per call, not shared.
    `export function chat(req: any, res: any) {\n  const history = new Map<string, string>();\n  history.set(req.body.conversationId, req.body.message);\n  res.json([...history]);\n}`,
    // Job data keyed by the job's tenant.
    `import { Worker } from "bullmq";\nconst summaries = new Map<string, string>();\nnew Worker("summaries", async (job) => { summaries.set(\`\${job.data.tenantId}:\${job.id}\`, job.data.text); });`,
    // A key-like parameter: what it holds is the caller's business; undecidable, not reported.
    `const cache = new Map<string, string>();\nexport function put(tenantId: string, cacheKey: string, value: string) { cache.set(cacheKey, value + tenantId); }`,
    // An opaque module value written by request code, untyped: cannot tell it is a container.
    `import { createStore } from "./store.js";\nconst store = createStore();\nexport function save(req: any, res: any) { store.set(req.body.id, req.body.prompt); res.end(); }`,
    // An instance of a class from a package is a singleton; its methods are not store writes.
    `import { EventEmitter } from "node:events";\nconst events = new EventEmitter();\nexport function emit(req: any, res: any) { events.emit("chat", req.body.message); res.end(); }`,
    // Reading a module-level Map in request code is not writing it.
    `const PLANS = new Map([["pro", { seats: 10 }]]);\nexport function plan(req: any, res: any) { res.json(PLANS.get(req.body.plan)); }`,
    // A module-level const holding a tenant-scoped value computed once.
    `export const startedAt = Date.now();\nexport function uptime(tenantId: string) { return { tenantId, up: Date.now() - startedAt }; }`,
  ],
  invalid: [
    // Text appended per conversation is content, whatever operator builds it.
    reported(
      `const transcripts: Record<string, string> = {};\nexport function append(req: any, res: any) {\n  transcripts[req.body.conversationId] = (transcripts[req.body.conversationId] ?? "") + req.body.message;\n  res.end();\n}`,
      "transcripts",
      "sharedKeyedState",
    ),
    // The seed's prompt bleed: a conversation Map keyed by the conversation only.
    reported(
      `const conversations = new Map<string, { role: string; content: string }[]>();\nexport function chat(req: any, res: any) {\n  const history = conversations.get(req.body.conversationId) ?? [];\n  history.push({ role: "user", content: req.body.message });\n  conversations.set(req.body.conversationId, history);\n  res.json(history);\n}`,
      "conversations",
      "sharedKeyedState",
      { kind: "Map", name: "conversations", key: "req.body.conversationId", field: "tenantId" },
    ),
    // System prompts cached globally by campaign id.
    reported(
      `const promptCache = new Map<string, string>();\nexport async function systemPrompt(tenantId: string, campaignId: string, load: () => Promise<string>) {\n  const cached = promptCache.get(campaignId);\n  if (cached) return cached;\n  const prompt = await load();\n  promptCache.set(campaignId, prompt);\n  return prompt;\n}`,
      "promptCache",
      "sharedKeyedState",
      { kind: "Map", name: "promptCache", key: "campaignId", field: "tenantId" },
    ),
    // Object literal stores: computed and fixed keys.
    reported(
      `const prompts: Record<string, string> = {};\nexport function save(req: any, res: any) { prompts[req.params.id] = req.body.prompt; res.end(); }`,
      "prompts",
      "sharedKeyedState",
    ),
    reported(
      `const settings = { model: "gpt-4o" };\nexport function choose(req: any, res: any) { settings.model = req.body.model; res.end(); }`,
      "settings",
      "sharedKeyedState",
      {
        kind: "object",
        name: "settings",
        key: '"model"',
        field: "tenantId",
      },
    ),
    reported(
      `const state = {};\nexport function save(tenantId: string, data: object) { Object.assign(state, data); }`,
      "state",
      "sharedKeyedState",
    ),
    reported(
      `const state = Object.create(null);\nexport function save(req: any, res: any) { state[req.query.session] = req.body; res.end(); }`,
      "state",
      "sharedKeyedState",
    ),
    // Arrays: appended with request data at all.
    reported(
      `const recentMessages: string[] = [];\nexport function chat(req: any, res: any) { recentMessages.push(req.body.message); res.end(); }`,
      "recentMessages",
      "sharedState",
      {
        kind: "array",
        name: "recentMessages",
        writer: "chat()",
      },
    ),
    reported(
      `const log = new Array<string>();\nexport function note(tenantId: string, text: string) { log.unshift(text); }`,
      "log",
      "sharedState",
    ),
    reported(
      `const transcript: { tenantId: string; text: string }[] = [];\nexport function add(tenantId: string, text: string) { transcript.push({ tenantId, text }); }`,
      "transcript",
      "sharedState",
    ),
    // let: the current tenant or prompt in a module variable, a classic race between requests.
    reported(
      `let currentTenant: string | undefined;\nexport function tenantMiddleware(req: any, res: any, next: () => void) { currentTenant = req.user.tenantId; next(); }`,
      "currentTenant",
      "sharedState",
      {
        kind: "variable",
        name: "currentTenant",
        writer: "tenantMiddleware()",
      },
    ),
    reported(
      `let lastPrompt = "";\nexport const remember = async (request: any, reply: any) => { lastPrompt = request.body.prompt; return reply.send(lastPrompt); };`,
      "lastPrompt",
      "sharedState",
    ),
    reported(
      `var lastUser;\nexport function onLogin(req, res) { lastUser = req.user; res.end(); }`,
      "lastUser",
      "sharedState",
    ),
    // Sets: the value is the key.
    reported(
      `const seenEmails = new Set<string>();\nexport function signup(req: any, res: any) { seenEmails.add(req.body.email); res.end(); }`,
      "seenEmails",
      "sharedKeyedState",
    ),
    // In-memory caches from packages.
    reported(
      `import { LRUCache } from "lru-cache";\nconst answers = new LRUCache<string, string>({ max: 500 });\nexport function cache(tenantId: string, question: string, answer: string) { answers.set(question, answer); }`,
      "answers",
      "sharedKeyedState",
    ),
    reported(
      `import NodeCache from "node-cache";\nconst sessions = new NodeCache();\nexport function save(req: any, res: any) { sessions.set(req.cookies.sid, req.body); res.end(); }`,
      "sessions",
      "sharedKeyedState",
    ),
    reported(
      `import QuickLRU from "quick-lru";\nconst completions = new QuickLRU<string, string>({ maxSize: 100 });\nexport function save(tenantId: string, prompt: string, text: string) { completions.set(prompt, text); }`,
      "completions",
      "sharedKeyedState",
    ),
    // Annotated stores whose initializer the rule cannot see into.
    reported(
      `import { make } from "./make.js";\nconst memo: Map<string, string> = make();\nexport function save(tenantId: string, id: string, text: string) { memo.set(id, text); }`,
      "memo",
      "sharedKeyedState",
    ),
    // Entries written through an alias or a chained get.
    reported(
      `const threads = new Map<string, string[]>();\nexport function reply(tenantId: string, threadId: string, text: string) {\n  let thread = threads.get(threadId);\n  if (!thread) {\n    thread = [];\n    threads.set(threadId, thread);\n  }\n  thread.push(text);\n}`,
      "threads",
      "sharedKeyedState",
    ),
    reported(
      `const threads = new Map<string, string[]>();\nexport function reply(tenantId: string, threadId: string, text: string) { threads.get(threadId)!.push(text); }`,
      "threads",
      "sharedKeyedState",
    ),
    reported(
      `const byId: Record<string, string[]> = {};\nexport function add(req: any, res: any) { (byId[req.params.id] ??= []).push(req.body.text); res.end(); }`,
      "byId",
      "sharedKeyedState",
    ),
    // Keyed under the tenant one level too deep is still a shared entry at the top.
    reported(
      `const store: Record<string, Record<string, string>> = {};\nexport function put(req: any, res: any) { store.all = { [req.user.tenantId]: req.body.prompt }; res.end(); }`,
      "store",
      "sharedKeyedState",
    ),
    // Job code: a worker writing job data into a module-level Map under the job id only.
    reported(
      `import { Worker } from "bullmq";\nconst results = new Map<string, string>();\nnew Worker("summaries", async (job) => { results.set(String(job.id), job.data.text); });`,
      "results",
      "sharedKeyedState",
    ),
    // A route callback of an app: the first parameter is the request, whatever its name.
    reported(
      `import express from "express";\nconst app = express();\nconst drafts = new Map<string, string>();\napp.post("/drafts/:id", (r, s) => { drafts.set(r.params.id, r.body.text); s.end(); });`,
      "drafts",
      "sharedKeyedState",
    ),
    // Fastify and Koa handlers.
    reported(
      `import Fastify from "fastify";\nconst fastify = Fastify();\nconst memory: string[] = [];\nfastify.post("/chat", async (request) => { memory.push(String(request.body)); return memory; });`,
      "memory",
      "sharedState",
    ),
    reported(
      `const contexts = new Map<string, unknown>();\nexport async function remember(ctx, next) { contexts.set(ctx.params.id, ctx.request.body); await next(); }`,
      "contexts",
      "sharedKeyedState",
    ),
    // Exported stores are module-level too.
    reported(
      `export const promptsByCampaign = new Map<string, string>();\nexport function save(tenantId: string, campaignId: string, prompt: string) { promptsByCampaign.set(campaignId, prompt); }`,
      "promptsByCampaign",
      "sharedKeyedState",
    ),
    // Written in a nested callback of request code.
    reported(
      `const answers = new Map<string, string>();\nexport function handler(req: any, res: any) {\n  req.on("end", () => { answers.set(req.body.question, req.body.answer); });\n  res.end();\n}`,
      "answers",
      "sharedKeyedState",
    ),
    // A literal key: one slot shared by every tenant.
    reported(
      `const cache = new Map<string, string>();\nexport function save(tenantId: string, prompt: string) { cache.set("system", prompt); }`,
      "cache",
      "sharedKeyedState",
      { kind: "Map", name: "cache", key: '"system"', field: "tenantId" },
    ),
    // A key built from other values only.
    reported(
      `const cache = new Map<string, string>();\nexport function save(tenantId: string, campaignId: string, prompt: string) { cache.set(\`prompt:\${campaignId}\`, prompt); }`,
      "cache",
      "sharedKeyedState",
    ),
    // Configured tenant fields decide what "the tenant" is in a key.
    reported(
      `const cache = new Map<string, string>();\nexport function save(orgId: string, tenantId: string, prompt: string) { cache.set(tenantId, prompt + orgId); }`,
      "cache",
      "sharedKeyedState",
      undefined,
      { tenant: { tenantFields: ["orgId"] } },
    ),
    // Another field of the job is its content, not its id.
    reported(
      `import { Worker } from "bullmq";\nconst seen = new Set<string>();\nnew Worker("send", async (job) => { seen.add(job.data.email); });`,
      "seen",
      "sharedKeyedState",
    ),
    // A tenant field read off a parameter puts one tenant in scope.
    reported(
      `const lastMessage = new Map<string, string>();\nexport function remember(input: { tenantId: string; userId: string; text: string }) {\n  if (!input.tenantId) return;\n  lastMessage.set(input.userId, input.text);\n}`,
      "lastMessage",
      "sharedKeyedState",
    ),
    // A Set of request values in a handler.
    reported(
      `const blocked = new Set<string>();\nexport const block = (req: any, res: any) => { blocked.add(req.body.userId); res.end(); };`,
      "blocked",
      "sharedKeyedState",
    ),
  ],
});

// With types: a store made by a factory in another file is known by its type.
typedRuleTester.run("no-global-tenant-state (typed)", rule, {
  valid: [
    `import { makeCache } from "./stores.js";\nconst cache = makeCache();\nexport function put(tenantId: string, id: string, value: string) { cache.set(\`\${tenantId}:\${id}\`, value); }`,
    `import { makeClient } from "./stores.js";\nconst client = makeClient();\nexport function handler(req: any, res: any) { client.set(req.body.id, req.body.text); res.end(); }`,
  ],
  invalid: [
    reported(
      `import { makeCache } from "./stores.js";\nconst cache = makeCache();\nexport function put(tenantId: string, id: string, value: string) { cache.set(id, value); }`,
      "cache",
      "sharedKeyedState",
    ),
    reported(
      `import { makeLog } from "./stores.js";\nconst log = makeLog();\nexport function note(tenantId: string, text: string) { log.push(text); }`,
      "log",
      "sharedState",
    ),
  ],
});
