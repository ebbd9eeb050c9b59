import type { FastifyInstance } from "fastify";
import type { Store } from "../db/store.js";
import type { Readiness } from "../http/readiness.js";
import type { RedisConnections } from "../redis/redis-connections.js";

const CHECK_TIMEOUT_MS = 1_000;

export interface HealthDeps {
  redis: RedisConnections;
  store: Store;
  readiness: Readiness;
}

/**
 * `/health` is liveness (the process answers: always 200, with Redis's state for people).
 * `/ready` is readiness: 200 only when Redis and the store answer and no shutdown has begun,
 * else 503, each check capped so a hung dependency cannot hang the probe.
 */
export function registerHealthRoutes(app: FastifyInstance, { redis, store, readiness }: HealthDeps): void {
  app.get("/health", async () => {
    const up = await redis.ping();
    return { ok: up, redis: up ? "up" : "down" };
  });

  app.get("/ready", async (_request, reply) => {
    if (readiness.draining) return reply.code(503).send({ ready: false, draining: true });
    const [redisUp, storeUp] = await Promise.all([
      redis.ping(CHECK_TIMEOUT_MS),
      withTimeout(store.ping(), CHECK_TIMEOUT_MS),
    ]);
    const body = { ready: redisUp && storeUp, redis: redisUp ? "up" : "down", store: storeUp ? "up" : "down" };
    return reply.code(body.ready ? 200 : 503).send(body);
  });
}

async function withTimeout(check: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      check.then(
        () => true as const,
        () => false as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
