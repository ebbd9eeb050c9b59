import { z } from "zod";

// Every setting comes from the environment, parsed once, so a typo fails at start-up
// instead of at the first request that needs it.
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  JWT_SECRET: z
    .string({ error: "JWT_SECRET is required (HS256 signing secret, at least 32 characters)" })
    .min(32, "JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit secret)"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/).default("tenant-audit"),
  DATA_DIR: z.string().min(1).default(".data"),
  MONGODB_URI: z.string().min(1).optional(),
  MONGODB_DB: z.string().min(1).default("tenant_audit"),
  LLM_PROVIDER: z.enum(["local", "openai"]).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LLM_TPM_PER_TENANT: positiveInt.default(90_000),
  LLM_TPM_GLOBAL: positiveInt.default(1_000_000),
  LLM_MAX_WAIT_MS: z.coerce.number().int().min(0).default(2_000),
  LLM_MAX_TOKENS: positiveInt.default(256),
  LLM_LOCAL_DELAY_MS: z.coerce.number().int().min(0).default(0),
  WORKER_CONCURRENCY: positiveInt.default(5),
  RUN_WORKERS: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface RuntimeConfig {
  port: number;
  host: string;
  jwtSecret: string;
  redisUrl: string;
  /** Start of every Redis key (queues, budgets); tests give each run its own so runs never collide. */
  redisPrefix: string;
  /** null keeps the embedded store in memory (tests). */
  dataDir: string | null;
  mongodbUri: string | undefined;
  mongodbDb: string;
  llmProvider: "local" | "openai";
  openaiApiKey: string | undefined;
  openaiModel: string;
  tpmPerTenant: number;
  tpmGlobal: number;
  maxWaitMs: number;
  maxTokens: number;
  localDelayMs: number;
  workerConcurrency: number;
  runWorkers: boolean;
  logLevel: string;
  /** BullMQ lock and stalled-check timings; short in tests so a killed worker is noticed fast. */
  lockDurationMs: number;
  stalledIntervalMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  // The OpenAI provider is chosen when a key is present, unless LLM_PROVIDER says otherwise.
  const llmProvider = e.LLM_PROVIDER ?? (e.OPENAI_API_KEY ? "openai" : "local");
  if (llmProvider === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError("invalid configuration:\n  LLM_PROVIDER=openai needs OPENAI_API_KEY");
  }
  return {
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    llmProvider,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiModel: e.OPENAI_MODEL,
    tpmPerTenant: e.LLM_TPM_PER_TENANT,
    tpmGlobal: e.LLM_TPM_GLOBAL,
    maxWaitMs: e.LLM_MAX_WAIT_MS,
    maxTokens: e.LLM_MAX_TOKENS,
    localDelayMs: e.LLM_LOCAL_DELAY_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    runWorkers: e.RUN_WORKERS === "true",
    logLevel: e.LOG_LEVEL,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
  };
}
