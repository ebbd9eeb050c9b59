import { randomUUID } from "node:crypto";
import { type RuntimeConfig, loadConfig } from "../../src/config.js";

export const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The production defaults (through `loadConfig`, so tests see what a deployment sees), with
 * its own Redis key prefix so test files and other packages never collide, nedb in memory,
 * the local model and short budgets.
 */
export function testConfig(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    ...loadConfig({ JWT_SECRET: TEST_SECRET, REDIS_URL, LLM_PROVIDER: "local", LLM_TPM_GLOBAL: "1000000" }),
    port: 0,
    redisPrefix: `ra-test-${randomUUID().slice(0, 8)}`,
    dataDir: null,
    openaiModel: "local",
    maxWaitMs: 0,
    maxTokens: 64,
    logLevel: "silent",
    shutdownDrainMs: 0,
    ...overrides,
  };
}
