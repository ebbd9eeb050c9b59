import { pino } from "pino";
import { ConfigError, loadConfig } from "./config.js";
import { createRuntime } from "./runtime.js";

// Entry point for a worker-only process (`pnpm worker`): scale lead processing apart from
// the API by running the API with RUN_WORKERS=false and as many of these as needed.
const REGISTRY_POLL_MS = 5_000;

async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(), runWorkers: true };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`reference-runtime worker: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = pino({ level: config.logLevel });
  const runtime = await createRuntime(config, logger);
  // New tenants register their queue when they first enqueue; pick them up as they appear.
  const poll = setInterval(() => {
    if (!runtime.redis.isReady()) return;
    runtime.queues.resumeKnownTenants().catch((err: unknown) => logger.warn({ err }, "could not read the tenant registry"));
  }, REGISTRY_POLL_MS);
  logger.info({ redisPrefix: config.redisPrefix, concurrency: config.workerConcurrency }, "worker process started");

  const shutdown = (signal: string): void => {
    logger.info({ signal }, "worker process shutting down");
    clearInterval(poll);
    runtime.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

await main();
