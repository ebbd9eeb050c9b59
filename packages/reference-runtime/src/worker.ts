import { pino } from "pino";
import { ConfigError, loadConfig } from "./config.js";
import { createRuntime } from "./runtime.js";

// Entry point for a worker-only process (`pnpm worker`): scale lead processing apart from
// the API by running the API with RUN_WORKERS=false and as many of these as needed. Both
// need a store shared between processes (PostgreSQL or MongoDB); loadConfig refuses nedb.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, "worker");
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`reference-runtime worker: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = pino({ level: config.logLevel });
  // The runtime polls the tenant registry (config.registryPollMs) and starts workers as tenants appear.
  const runtime = await createRuntime(config, logger);
  logger.info(
    { store: runtime.store.backend, redisPrefix: config.redisPrefix, concurrency: config.workerConcurrency },
    "worker process started",
  );

  const shutdown = (signal: string): void => {
    logger.info({ signal }, "worker process shutting down");
    // In-flight jobs finish first (BullMQ's close waits for them), within the cap.
    const force = setTimeout(() => {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, "shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
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
