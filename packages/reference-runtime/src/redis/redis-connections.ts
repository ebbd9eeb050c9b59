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

export interface RedisOptions {
  /** Names the connections (CLIENT SETNAME), so they can be counted in CLIENT LIST. */
  namePrefix: string;
  /** A command unanswered this long fails (a hung Redis answers 503 instead of hanging the request). */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

export function connectRedis(url: string, logger: Logger, options: RedisOptions): RedisConnections {
  const commands = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    connectionName: `${options.namePrefix}:commands`,
  });
  // No command timeout here: BullMQ's blocking commands wait on purpose (and its workers
  // must wait out an outage rather than fail their jobs).
  const workers = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy,
    connectTimeout: options.connectTimeoutMs,
    connectionName: `${options.namePrefix}:workers`,
  });

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

/**
 * True for the errors a Redis outage produces: ours, ioredis's command timeout (a hung
 * Redis keeps its socket open, so the connection still looks ready) and a closed or
 * refused connection.
 */
export function isRedisOutage(err: unknown): boolean {
  if (err instanceof RedisUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  return (
    err.message === "Command timed out" ||
    err.message === "Connection is closed." ||
    /Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT/.test(err.message)
  );
}
