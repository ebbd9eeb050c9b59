// Noisy-neighbour benchmark: tenant A enqueues 1,000 leads, then tenant B enqueues 20.
// How much later do B's leads finish than when B is alone, with a queue per tenant (this
// runtime) and with one shared FIFO queue? Then the global token budget: A bursts chat calls
// until the budget for all tenants is the binding limit, and B chats at a modest pace: how
// much slower are B's calls than when B is alone? Then: Redis connections for 1, 10, 100
// tenants. Loopback only (127.0.0.1), bounded (every wait has a deadline), cleans up its keys.
// `--scenario queues|global-budget|connections` runs one part only.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { buildApp } from "../src/app.js";
import { signToken } from "../src/auth/sign-token.js";
import { type RuntimeConfig, loadConfig } from "../src/config.js";
import { type LeadJobData, LEAD_JOB_NAME } from "../src/queues/lead-job.js";
import { createLeadProcessor } from "../src/queues/process-lead.js";
import { createRuntime } from "../src/runtime.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
const NOISY_LEADS = 1_000;
const VICTIM_LEADS = 20;
const CONCURRENCY = 5; // per tenant worker
const MODEL_DELAY_MS = 10; // simulated provider latency per call
const DEADLINE_MS = 120_000;
// Alone and noisy runs alternate this many times and their latencies are pooled, so a
// passing hiccup of the machine lands on both sides rather than on one.
const ROUNDS = 3;

const silent = pino({ level: "silent" });

function benchConfig(): RuntimeConfig {
  return {
    ...loadConfig({
      JWT_SECRET: SECRET,
      REDIS_URL,
      LLM_PROVIDER: "local",
      LOG_LEVEL: "silent",
      LLM_TPM_GLOBAL: "100000000",
    }),
    port: 0,
    redisPrefix: `ra-bench-${randomUUID().slice(0, 8)}`,
    dataDir: null,
    openaiModel: "local",
    // Budgets far above the load: this measures queueing, not throttling.
    tpmPerTenant: 100_000_000,
    tpmGlobal: 100_000_000,
    maxWaitMs: 0,
    maxTokens: 32,
    localDelayMs: MODEL_DELAY_MS,
    workerConcurrency: CONCURRENCY,
    shutdownDrainMs: 0,
  };
}

const leads = (count: number, label: string): Array<{ name: string; phone: string }> =>
  Array.from({ length: count }, (_, i) => ({ name: `${label} lead ${i}`, phone: `555-${String(i).padStart(4, "0")}` }));

/** Resolves with B's completion latencies (enqueue → done, ms) once all of B's leads are done. */
function collectLatencies(worker: Worker<LeadJobData>, victim: string, expected: number): Promise<number[]> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`B's leads not done within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    worker.on("completed", (job: Job<LeadJobData>) => {
      if (job.data.tenantId !== victim) return;
      latencies.push(Date.now() - job.timestamp);
      if (latencies.length === expected) {
        clearTimeout(timer);
        resolve(latencies);
      }
    });
  });
}

/** This runtime: each tenant posts its leads over HTTP (loopback) to its own queue. */
async function perTenantQueues(noisy: boolean): Promise<number[]> {
  const config = benchConfig();
  const { app, runtime } = await buildApp(config, { logger: silent });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const secret = new TextEncoder().encode(SECRET);
  const post = async (token: string, path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${address}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  };
  try {
    const tokenA = await signToken(secret, { tenantId: "bench-a", sub: "bench" });
    const tokenB = await signToken(secret, { tenantId: "bench-b", sub: "bench" });
    const campaignA = (await post(tokenA, "/campaigns", { name: "A", systemPrompt: "A's agent" })).id as string;
    const campaignB = (await post(tokenB, "/campaigns", { name: "B", systemPrompt: "B's agent" })).id as string;
    // Create B's worker up front so the listener sees every completion.
    await runtime.queues.forTenant("bench-b");
    const done = collectLatencies(runtime.queues.startWorker("bench-b"), "bench-b", VICTIM_LEADS);
    if (noisy) await post(tokenA, `/campaigns/${campaignA}/leads`, { leads: leads(NOISY_LEADS, "A") });
    await post(tokenB, `/campaigns/${campaignB}/leads`, { leads: leads(VICTIM_LEADS, "B") });
    return await done;
  } finally {
    await app.close();
    await deleteRun(config.redisPrefix);
  }
}

/** The comparison: one FIFO queue for everyone, with as many worker slots as two tenant workers. */
async function sharedFifoQueue(noisy: boolean): Promise<number[]> {
  const config = { ...benchConfig(), runWorkers: false };
  const runtime = await createRuntime(config, silent);
  const queue = new Queue<LeadJobData>("leads-shared", {
    connection: runtime.redis.commands,
    prefix: config.redisPrefix,
  });
  const worker = new Worker<LeadJobData>(
    "leads-shared",
    createLeadProcessor({ store: runtime.store, llm: runtime.llm, logger: silent }),
    {
      connection: runtime.redis.workers,
      prefix: config.redisPrefix,
      concurrency: CONCURRENCY * 2,
    },
  );
  try {
    const campaignA = randomUUID();
    const campaignB = randomUUID();
    const createdAt = new Date().toISOString();
    await runtime.store.campaigns.insertOne({
      _id: campaignA,
      tenantId: "bench-a",
      name: "A",
      systemPrompt: "A's agent",
      status: "active",
      createdAt,
    });
    await runtime.store.campaigns.insertOne({
      _id: campaignB,
      tenantId: "bench-b",
      name: "B",
      systemPrompt: "B's agent",
      status: "active",
      createdAt,
    });
    const done = collectLatencies(worker, "bench-b", VICTIM_LEADS);
    if (noisy) {
      await Promise.all(
        leads(NOISY_LEADS, "A").map((lead) =>
          queue.add(LEAD_JOB_NAME, { tenantId: "bench-a", campaignId: campaignA, leadId: randomUUID(), lead }),
        ),
      );
    }
    await Promise.all(
      leads(VICTIM_LEADS, "B").map((lead) =>
        queue.add(LEAD_JOB_NAME, { tenantId: "bench-b", campaignId: campaignB, leadId: randomUUID(), lead }),
      ),
    );
    return await done;
  } finally {
    await worker.close(true);
    await queue.close();
    await runtime.close();
    await deleteRun(config.redisPrefix);
  }
}

// The global-budget scenario: 120,000 tokens a minute for all tenants (2,000 a second), far
// below what A's burst asks for, and about three times what B's pace needs (a chat call with
// ten turns of history reserves about 300 tokens); per-tenant budgets out of the way.
const GLOBAL_TPM = 120_000;
const BURST_CALLERS = 16;
const BURST_WARMUP_DEADLINE_MS = 10_000;
const VICTIM_CALLS = 30;
const VICTIM_PACE_MS = 400;
// Closer to a real model than the queue scenario's 10 ms, so that B's latency is not mostly
// this busy machine's scheduling noise.
const BUDGET_MODEL_DELAY_MS = 100;
const FAIR_RESERVE = 0.1; // the default LLM_GLOBAL_RESERVE

interface BudgetRun {
  latencies: number[];
  /** Tokens A was granted per second once its burst was under way (the global rate is the cap). */
  burstTokensPerSecond: number;
  victimRejected: number;
}

/** B's chat latencies (request to answer, ms), with A bursting or not, under the global budget. */
async function globalBudget(noisy: boolean, globalReserve: number): Promise<BudgetRun> {
  const config: RuntimeConfig = {
    ...benchConfig(),
    runWorkers: false,
    tpmPerTenant: 100_000_000,
    tpmGlobal: GLOBAL_TPM,
    globalReserve,
    maxWaitMs: 1_000,
    localDelayMs: BUDGET_MODEL_DELAY_MS,
  };
  const { app } = await buildApp(config, { logger: silent });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const secret = new TextEncoder().encode(SECRET);
  const post = (token: string, path: string, body: unknown): Promise<Response> =>
    fetch(`${address}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  try {
    const tokenA = await signToken(secret, { tenantId: "bench-a", sub: "bench" });
    const tokenB = await signToken(secret, { tenantId: "bench-b", sub: "bench" });
    const campaignA = (
      (await (await post(tokenA, "/campaigns", { name: "A", systemPrompt: "A's agent" })).json()) as { id: string }
    ).id;
    const campaignB = (
      (await (await post(tokenB, "/campaigns", { name: "B", systemPrompt: "B's agent" })).json()) as { id: string }
    ).id;

    let bursting = noisy;
    let burstTokens = 0;
    let burstMeasuredFrom = 0;
    const burst = Array.from({ length: noisy ? BURST_CALLERS : 0 }, async () => {
      while (bursting) {
        const res = await post(tokenA, `/campaigns/${campaignA}/chat`, { message: "again" });
        const body = (await res.json()) as { usage?: { total_tokens: number } };
        if (body.usage) burstTokens += body.usage.total_tokens;
        // A well-behaved client: after a 429 it waits as told (a client that does not is a
        // matter for a request rate limit, not for the token budget measured here).
        const retryAfter = Number(res.headers.get("retry-after") ?? 0);
        if (res.status === 429) await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter * 1000, 1_000)));
      }
    });
    if (noisy) {
      // Let A empty the global bucket first (all of it but the reserve), so the global budget
      // binds before B starts.
      const deadline = Date.now() + BURST_WARMUP_DEADLINE_MS;
      const full = GLOBAL_TPM * (1 - globalReserve) * 0.95;
      while (burstTokens < full && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      burstMeasuredFrom = Date.now();
      burstTokens = 0;
    }
    const latencies: number[] = [];
    let victimRejected = 0;
    for (let i = 0; i < VICTIM_CALLS; i++) {
      const started = Date.now();
      const res = await post(tokenB, `/campaigns/${campaignB}/chat`, { message: `B's turn ${i}` });
      await res.arrayBuffer();
      // Time to an answer, whatever it was: a refusal after waiting for budget counts too.
      latencies.push(Date.now() - started);
      if (res.status !== 200) victimRejected++;
      await new Promise((resolve) => setTimeout(resolve, VICTIM_PACE_MS));
    }
    const burstSeconds = burstMeasuredFrom > 0 ? (Date.now() - burstMeasuredFrom) / 1000 : 1;
    bursting = false;
    await Promise.all(burst);
    return { latencies, burstTokensPerSecond: Math.round(burstTokens / burstSeconds), victimRejected };
  } finally {
    await app.close();
    await deleteRun(config.redisPrefix);
  }
}

/** Connections named with this run's prefix: the runtime's shared ones plus BullMQ's. */
async function connectionsFor(tenantCount: number): Promise<number> {
  const config = benchConfig();
  const runtime = await createRuntime(config, silent);
  const inspector = new Redis(REDIS_URL);
  try {
    for (let i = 0; i < tenantCount; i++) {
      const tenantId = `bench-t${i}`;
      await runtime.queues.forTenant(tenantId);
      await runtime.queues.startWorker(tenantId).waitUntilReady();
    }
    // Let every worker open its blocking connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const list = (await inspector.client("LIST")) as string;
    return list.split("\n").filter((line) => new RegExp(`\\bname=${config.redisPrefix}:`).test(line)).length;
  } finally {
    await inspector.quit();
    await runtime.close();
    await deleteRun(config.redisPrefix);
  }
}

async function deleteRun(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function row(label: string, alone: number[], noisy: number[]): string {
  const p50a = percentile(alone, 50);
  const p95a = percentile(alone, 95);
  const p50n = percentile(noisy, 50);
  const p95n = percentile(noisy, 95);
  const ratio = (x: number, y: number): string => `${(x / Math.max(y, 1)).toFixed(2)}x`;
  return (
    `${label.padEnd(22)} alone p50 ${String(p50a).padStart(6)} ms  p95 ${String(p95a).padStart(6)} ms | ` +
    `with A p50 ${String(p50n).padStart(6)} ms  p95 ${String(p95n).padStart(6)} ms | ` +
    `ratio p50 ${ratio(p50n, p50a).padStart(8)}  p95 ${ratio(p95n, p95a).padStart(8)}`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scenario: { type: "string", default: "all" } } });
  const only = (name: string): boolean => values.scenario === "all" || values.scenario === name;
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  if (only("queues")) {
    out(`noisy neighbour: A enqueues ${NOISY_LEADS} leads, then B enqueues ${VICTIM_LEADS}`);
    out(
      `model latency ${MODEL_DELAY_MS} ms per call; ${CONCURRENCY} slots per tenant worker, ${CONCURRENCY * 2} for the shared queue`,
    );
    out("B's completion latency (enqueue to done):");
    // One discarded round first: module loading, JIT and the tokenizer's tables would
    // otherwise land on whichever scenario runs first.
    await perTenantQueues(false);
    await sharedFifoQueue(false);
    const perTenantAlone: number[] = [];
    const perTenantNoisy: number[] = [];
    const sharedAlone: number[] = [];
    const sharedNoisy: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      perTenantAlone.push(...(await perTenantQueues(false)));
      perTenantNoisy.push(...(await perTenantQueues(true)));
      sharedAlone.push(...(await sharedFifoQueue(false)));
      sharedNoisy.push(...(await sharedFifoQueue(true)));
    }
    out(`(${ROUNDS} rounds pooled, ${ROUNDS * VICTIM_LEADS} of B's leads per cell)`);
    out(row("queue per tenant", perTenantAlone, perTenantNoisy));
    out(row("one shared FIFO queue", sharedAlone, sharedNoisy));
    out("");
  }
  if (only("global-budget")) {
    out(
      `global token budget: ${GLOBAL_TPM} tokens/min for all tenants (${GLOBAL_TPM / 60}/s); A bursts with ${BURST_CALLERS} concurrent chats,`,
    );
    out(
      `B sends ${VICTIM_CALLS} chats ${VICTIM_PACE_MS} ms apart; model latency ${BUDGET_MODEL_DELAY_MS} ms; calls wait up to 1 s for budget;`,
    );
    out("B's chat latency (request to answer, a 429 after waiting included):");
    await globalBudget(false, FAIR_RESERVE);
    const results = new Map<string, { alone: number[]; noisy: number[]; rates: number[]; rejected: number }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, reserve] of [
        ["fair global budget", FAIR_RESERVE],
        ["first come, first served", 0],
      ] as const) {
        const cell = results.get(label) ?? { alone: [], noisy: [], rates: [], rejected: 0 };
        results.set(label, cell);
        const quiet = await globalBudget(false, reserve);
        const loud = await globalBudget(true, reserve);
        cell.alone.push(...quiet.latencies);
        cell.noisy.push(...loud.latencies);
        cell.rates.push(loud.burstTokensPerSecond);
        cell.rejected += quiet.victimRejected + loud.victimRejected;
      }
    }
    out(`(${ROUNDS} rounds pooled, ${ROUNDS * VICTIM_CALLS} of B's calls per cell)`);
    for (const [label, cell] of results) {
      out(`${row(label, cell.alone, cell.noisy)}  B refused ${cell.rejected}, A got ${cell.rates.join("/")} tokens/s`);
    }
    out(
      `(A's tokens per second during its burst, against a global refill of ${GLOBAL_TPM / 60}/s: the global budget is the binding limit)`,
    );
    out("");
  }
  if (only("connections")) {
    out("Redis connections in use (queue + worker per tenant):");
    for (const tenants of [1, 10, 100]) {
      out(`  ${String(tenants).padStart(3)} tenant(s): ${await connectionsFor(tenants)} connections`);
    }
  }
}

await main();
