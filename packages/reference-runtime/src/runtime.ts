import type { Logger } from "pino";
import type { RuntimeConfig } from "./config.js";
import { openStore } from "./db/open-store.js";
import type { Store } from "./db/store.js";
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
  const store = await openStore({
    backend: config.store,
    databaseUrl: config.databaseUrl,
    mongodbUri: config.mongodbUri,
    mongodbDb: config.mongodbDb,
    dataDir: config.dataDir,
    timeoutMs: config.handlerTimeoutMs,
  });
  const redis = connectRedis(config.redisUrl, logger, {
    namePrefix: config.redisPrefix,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    connectTimeoutMs: config.redisConnectTimeoutMs,
  });
  // Start even when Redis is down (readiness says so, Redis-backed routes answer 503), but
  // give a healthy Redis a moment so the first requests do not see a connection still opening.
  await redis.waitUntilReady(2_000);
  const budget = new TokenBudget(redis.commands, {
    prefix: config.redisPrefix,
    tokensPerTenant: config.tpmPerTenant,
    tokensGlobal: config.tpmGlobal,
    globalReserve: config.globalReserve,
    maxWaitMs: config.maxWaitMs,
  });
  const llm: LlmDeps = {
    budget,
    llm: createChatClient({
      provider: config.llmProvider,
      openaiApiKey: config.openaiApiKey,
      localDelayMs: config.localDelayMs,
    }),
    model: config.openaiModel,
    maxTokens: config.maxTokens,
  };
  const queues = new TenantQueues({
    redis,
    store,
    prefix: config.redisPrefix,
    logger,
    processor: createLeadProcessor({ store, llm, logger }),
    runWorkers: config.runWorkers,
    concurrency: config.workerConcurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
  });

  let poll: NodeJS.Timeout | undefined;
  if (config.runWorkers) {
    // Tenants whose queues outlived a previous process get their workers back as soon as
    // Redis is reachable, and new tenants (first enqueued by another process), or tenants
    // Redis forgot in a wipe, are picked up on every poll.
    const resume = (): void => {
      if (!redis.isReady()) return;
      queues.resumeKnownTenants().catch((err: unknown) => {
        logger.warn({ err: (err as Error).message }, "could not resume tenant workers");
      });
    };
    if (redis.isReady()) resume();
    else redis.commands.once("ready", resume);
    poll = setInterval(resume, config.registryPollMs);
    poll.unref();
  }

  return {
    config,
    redis,
    store,
    budget,
    llm,
    queues,
    async close() {
      clearInterval(poll);
      await queues.close();
      await store.close();
      await redis.close();
    },
  };
}
