import type { Logger } from "pino";
import type { RuntimeConfig } from "./config.js";
import { type Store, openStore } from "./db/open-store.js";
import type { LlmDeps } from "./llm/call-llm.js";
import { createChatClient } from "./llm/create-chat-client.js";
import { TokenBudget } from "./llm/token-budget.js";
import { createLeadProcessor } from "./queues/process-lead.js";
import { TenantQueues } from "./queues/tenant-queues.js";
import { type RedisConnections, connectRedis } from "./redis/redis-connections.js";

/** Everything the HTTP layer and the workers share, opened once and closed together. */
export interface Runtime {
  config: RuntimeConfig;
  redis: RedisConnections;
  store: Store;
  budget: TokenBudget;
  llm: LlmDeps;
  queues: TenantQueues;
  close(): Promise<void>;
}

export async function createRuntime(config: RuntimeConfig, logger: Logger): Promise<Runtime> {
  const store = await openStore({ mongodbUri: config.mongodbUri, mongodbDb: config.mongodbDb, dataDir: config.dataDir });
  const redis = connectRedis(config.redisUrl, logger, config.redisPrefix);
  // Start even when Redis is down (health says so, Redis-backed routes answer 503), but give
  // a healthy Redis a moment so the first requests do not see a connection still opening.
  await redis.waitUntilReady(2_000);
  const budget = new TokenBudget(redis.commands, {
    prefix: config.redisPrefix,
    tokensPerTenant: config.tpmPerTenant,
    tokensGlobal: config.tpmGlobal,
    maxWaitMs: config.maxWaitMs,
  });
  const llm: LlmDeps = {
    budget,
    llm: createChatClient({ provider: config.llmProvider, openaiApiKey: config.openaiApiKey, localDelayMs: config.localDelayMs }),
    model: config.openaiModel,
    maxTokens: config.maxTokens,
  };
  const queues = new TenantQueues({
    redis,
    prefix: config.redisPrefix,
    logger,
    processor: createLeadProcessor({ store, llm, logger }),
    runWorkers: config.runWorkers,
    concurrency: config.workerConcurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
  });

  if (config.runWorkers) {
    // Tenants whose queues outlived a previous process get their workers back as soon as
    // Redis is reachable (now, or after an outage at start-up).
    const resume = (): void => {
      queues.resumeKnownTenants().catch((err: unknown) => {
        logger.warn({ err }, "could not resume tenant workers");
      });
    };
    if (redis.isReady()) resume();
    else redis.commands.once("ready", resume);
  }

  return {
    config,
    redis,
    store,
    budget,
    llm,
    queues,
    async close() {
      await queues.close();
      await store.close();
      await redis.close();
    },
  };
}
