import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * The process's shared Redis connections. Each tenant's queue reuses `commands`, each
 * tenant's worker reuses `workers` for its ordinary commands; only a worker's blocking
 * connection (BullMQ duplicates it) is per tenant. See README "Redis connections".
 */
export interface RedisConnections {
  /** Fails fast while Redis is down (no offline queue), so requests answer 503 instead of hanging. */
  commands: Redis;
  /** BullMQ workers require `maxRetriesPerRequest: null`: they wait out an outage instead of failing. */
  workers: Redis;
  isReady(): boolean;
  ping(timeoutMs?: number): Promise<boolean>;
  /** Resolves true once connected, false if that takes longer than `timeoutMs`. */
  waitUntilReady(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

// Reconnect quickly and forever: recovering from an outage must not need a restart.
const retryStrategy = (times: number): number => Math.min(times * 100, 1_000);

/** `namePrefix` names the connections (CLIENT SETNAME), so they can be counted in CLIENT LIST. */
export function connectRedis(url: string, logger: Logger, namePrefix = "tenant-audit"): RedisConnections {
  const commands = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
    connectionName: `${namePrefix}:commands`,
  });
  const workers = new Redis(url, { maxRetriesPerRequest: null, retryStrategy, connectionName: `${namePrefix}:workers` });

  let wasReady = false;
  commands.on("ready", () => {
    if (!wasReady) logger.info({ redis: "up" }, "redis connection ready");
    wasReady = true;
  });
  commands.on("close", () => {
    if (wasReady) logger.warn({ redis: "down" }, "redis connection lost; retrying");
    wasReady = false;
  });
  // ioredis emits `error` on every failed reconnect; the close/ready pair above says what matters.
  commands.on("error", () => {});
  workers.on("error", () => {});

  return {
    commands,
    workers,
    isReady: () => commands.status === "ready",
    async ping(timeoutMs = 500) {
      if (commands.status !== "ready") return false;
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const pong = commands.ping().then(
        (reply) => reply === "PONG",
        () => false,
      );
      return Promise.race([pong, timeout]);
    },
    waitUntilReady(timeoutMs) {
      if (commands.status === "ready") return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          commands.off("ready", onReady);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        const onReady = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        commands.once("ready", onReady);
      });
    },
    async close() {
      await Promise.all([quitQuietly(commands), quitQuietly(workers)]);
    },
  };
}

/** `quit()` waits for Redis; when Redis is gone, just drop the socket. */
export async function quitQuietly(client: Redis): Promise<void> {
  if (client.status === "end") return;
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

export class RedisUnavailableError extends Error {
  readonly statusCode = 503;
  constructor() {
    super("redis unavailable, try again shortly");
  }
}
