import { pino } from "pino";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { drainAndClose } from "./shutdown.js";

// Entry point: `pnpm --filter @tenant-audit/reference-runtime start`.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`reference-runtime: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = pino({ level: config.logLevel });
  const { app, runtime, readiness } = await buildApp(config, { logger });
  logger.info(
    {
      store: runtime.store.backend,
      llm: config.llmProvider,
      workers: config.runWorkers,
      redisPrefix: config.redisPrefix,
    },
    "runtime configured",
  );
  await app.listen({ port: config.port, host: config.host });

  const shutdown = (signal: string): void => {
    logger.info({ signal, drainMs: config.shutdownDrainMs }, "shutting down: not ready, draining");
    drainAndClose({
      app,
      readiness,
      logger,
      drainMs: config.shutdownDrainMs,
      timeoutMs: config.shutdownTimeoutMs,
    }).then(
      (closed) => process.exit(closed ? 0 : 1),
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
