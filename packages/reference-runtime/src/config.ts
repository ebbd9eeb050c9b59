import { z } from "zod";

// Every setting comes from the environment, parsed once, so a typo fails at start-up
// instead of at the first request that needs it.
const positiveInt = z.coerce.number().int().positive();
const milliseconds = (min: number) => z.coerce.number().int().min(min);
const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

export const STORE_BACKENDS = ["nedb", "postgres", "mongodb"] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  JWT_SECRET: z
    .string({ error: "JWT_SECRET is required (HS256 signing secret, at least 32 characters)" })
    .min(32, "JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit secret)"),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  CORS_ORIGINS: commaList
    .pipe(z.array(z.string().url("CORS_ORIGINS must list origins like https://app.example.com")))
    .default([]),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("tenant-audit"),
  REDIS_COMMAND_TIMEOUT_MS: milliseconds(50).default(2_000),
  REDIS_CONNECT_TIMEOUT_MS: milliseconds(50).default(5_000),
  STORE: z.enum(STORE_BACKENDS).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.string().url().optional(),
  MONGODB_URI: z.string().min(1).optional(),
  MONGODB_DB: z.string().min(1).default("tenant_audit"),
  LLM_PROVIDER: z.enum(["local", "openai"]).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LLM_TPM_PER_TENANT: positiveInt.default(90_000),
  LLM_TPM_GLOBAL: positiveInt.default(1_000_000),
  LLM_GLOBAL_RESERVE: z.coerce.number().min(0).max(0.5).default(0.1),
  LLM_MAX_WAIT_MS: milliseconds(0).default(2_000),
  LLM_MAX_TOKENS: positiveInt.default(256),
  LLM_LOCAL_DELAY_MS: milliseconds(0).default(0),
  WORKER_CONCURRENCY: positiveInt.default(5),
  WORKER_LOCK_DURATION_MS: milliseconds(1_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: milliseconds(500).default(30_000),
  WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(2),
  WORKER_REGISTRY_POLL_MS: milliseconds(100).default(5_000),
  RUN_WORKERS: z.enum(["true", "false"]).default("true"),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(100).default(30_000),
  HTTP_HANDLER_TIMEOUT_MS: milliseconds(100).default(30_000),
  SHUTDOWN_DRAIN_MS: milliseconds(0).default(5_000),
  SHUTDOWN_TIMEOUT_MS: milliseconds(100).default(25_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface RuntimeConfig {
  port: number;
  host: string;
  jwtSecret: string;
  /** When set, a token's `iss` / `aud` must match. */
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** Origins allowed to call the API from a browser; empty: no cross-origin access. */
  corsOrigins: string[];
  redisUrl: string;
  /** Start of every Redis key (queues, budgets); tests give each run its own so runs never collide. */
  redisPrefix: string;
  /** A command to a Redis that does not answer fails after this long (503), instead of hanging. */
  redisCommandTimeoutMs: number;
  redisConnectTimeoutMs: number;
  store: StoreBackend;
  /** nedb's files; null keeps the embedded store in memory (tests). */
  dataDir: string | null;
  databaseUrl: string | undefined;
  mongodbUri: string | undefined;
  mongodbDb: string;
  llmProvider: "local" | "openai";
  openaiApiKey: string | undefined;
  openaiModel: string;
  tpmPerTenant: number;
  tpmGlobal: number;
  /** Share of the global budget kept free for tenants that are not yet asking (0 to 0.5). */
  globalReserve: number;
  maxWaitMs: number;
  maxTokens: number;
  localDelayMs: number;
  workerConcurrency: number;
  runWorkers: boolean;
  /** How often a worker process looks for tenants it does not serve yet. */
  registryPollMs: number;
  /** The whole request (headers and body) must arrive within this; a slow body is cut off. */
  requestTimeoutMs: number;
  /** From routing to the reply being sent; past it the client gets 503. */
  handlerTimeoutMs: number;
  /** On SIGTERM, /ready answers 503 this long before connections are drained. */
  shutdownDrainMs: number;
  /** Shutdown is forced after this long, whatever is still open. */
  shutdownTimeoutMs: number;
  logLevel: string;
  /** BullMQ lock and stalled-check timings: a killed worker's job is retried after about their sum. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

export class ConfigError extends Error {}

/** Which process the configuration is for: the API (which may run workers) or a worker-only process. */
export type ProcessRole = "api" | "worker";

export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: ProcessRole = "api"): RuntimeConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  // The OpenAI provider is chosen when a key is present, unless LLM_PROVIDER says otherwise.
  const llmProvider = e.LLM_PROVIDER ?? (e.OPENAI_API_KEY ? "openai" : "local");
  if (llmProvider === "openai" && !e.OPENAI_API_KEY) problems.push("LLM_PROVIDER=openai needs OPENAI_API_KEY");

  const store: StoreBackend = e.STORE ?? (e.DATABASE_URL ? "postgres" : e.MONGODB_URI ? "mongodb" : "nedb");
  if (store === "postgres" && !e.DATABASE_URL)
    problems.push("STORE=postgres needs DATABASE_URL (postgres://user@host:5432/db)");
  if (store === "mongodb" && !e.MONGODB_URI) problems.push("STORE=mongodb needs MONGODB_URI");
  const runWorkers = role === "worker" || e.RUN_WORKERS === "true";
  const split = role === "worker" || !runWorkers;
  if (split && store === "nedb") {
    // nedb lives in one process: a separate worker would read its own empty copy and drop every lead.
    problems.push(
      `${role === "worker" ? "a worker process" : "RUN_WORKERS=false"} needs a store shared between processes, ` +
        "but the embedded nedb store belongs to one process: set DATABASE_URL (PostgreSQL, STORE=postgres) " +
        "or MONGODB_URI (MongoDB, STORE=mongodb), or run the API with RUN_WORKERS=true",
    );
  }

  if (e.LLM_MAX_TOKENS >= e.LLM_TPM_PER_TENANT)
    problems.push("LLM_MAX_TOKENS must be below LLM_TPM_PER_TENANT (a call reserves max_tokens)");
  if (e.LLM_TPM_PER_TENANT > e.LLM_TPM_GLOBAL) problems.push("LLM_TPM_PER_TENANT may not exceed LLM_TPM_GLOBAL");
  if (e.LLM_GLOBAL_RESERVE > 0 && e.LLM_TPM_GLOBAL * e.LLM_GLOBAL_RESERVE < e.LLM_MAX_TOKENS * 2) {
    problems.push("LLM_GLOBAL_RESERVE of LLM_TPM_GLOBAL must hold at least two calls (2 × LLM_MAX_TOKENS), or be 0");
  }
  if (e.WORKER_STALLED_INTERVAL_MS > e.WORKER_LOCK_DURATION_MS) {
    problems.push(
      "WORKER_STALLED_INTERVAL_MS may not exceed WORKER_LOCK_DURATION_MS (a live job's lock would be judged stalled)",
    );
  }
  if (e.SHUTDOWN_DRAIN_MS >= e.SHUTDOWN_TIMEOUT_MS)
    problems.push("SHUTDOWN_DRAIN_MS must be below SHUTDOWN_TIMEOUT_MS");
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);

  return {
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    corsOrigins: e.CORS_ORIGINS,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    redisConnectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
    store,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    llmProvider,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiModel: e.OPENAI_MODEL,
    tpmPerTenant: e.LLM_TPM_PER_TENANT,
    tpmGlobal: e.LLM_TPM_GLOBAL,
    globalReserve: e.LLM_GLOBAL_RESERVE,
    maxWaitMs: e.LLM_MAX_WAIT_MS,
    maxTokens: e.LLM_MAX_TOKENS,
    localDelayMs: e.LLM_LOCAL_DELAY_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    runWorkers,
    registryPollMs: e.WORKER_REGISTRY_POLL_MS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    handlerTimeoutMs: e.HTTP_HANDLER_TIMEOUT_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: e.WORKER_MAX_STALLED_COUNT,
  };
}
