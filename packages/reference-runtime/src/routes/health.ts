import type { FastifyInstance } from "fastify";
import type { RedisConnections } from "../redis/redis-connections.js";

/** Unauthenticated liveness: always 200, `ok` false while Redis is unreachable. */
export function registerHealthRoute(app: FastifyInstance, redis: RedisConnections): void {
  app.get("/health", async () => {
    const up = await redis.ping();
    return { ok: up, redis: up ? "up" : "down" };
  });
}
