import { randomUUID } from "node:crypto";
import type { RuntimeConfig } from "../../src/config.js";

export const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A config with its own Redis key prefix, so test files and other packages never collide. */
export function testConfig(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    jwtSecret: TEST_SECRET,
    redisUrl: REDIS_URL,
    redisPrefix: `ra-test-${randomUUID().slice(0, 8)}`,
    dataDir: null,
    mongodbUri: undefined,
    mongodbDb: "unused",
    llmProvider: "local",
    openaiApiKey: undefined,
    openaiModel: "local",
    tpmPerTenant: 90_000,
    tpmGlobal: 1_000_000,
    maxWaitMs: 0,
    maxTokens: 64,
    localDelayMs: 0,
    workerConcurrency: 5,
    runWorkers: true,
    logLevel: "silent",
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    ...overrides,
  };
}
