import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isStoreOutage } from "../db/store-outage.js";
import { BudgetExceededError } from "../llm/token-budget.js";
import { type RedisConnections, isRedisOutage } from "../redis/redis-connections.js";

/**
 * Maps errors to the documented answers: 4xx with their message, 429 with Retry-After,
 * 503 while Redis or the store is down or hung, and a bare 500 otherwise (details go to the
 * log, not the client).
 */
export function createErrorHandler(redis: RedisConnections) {
  return async function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const tenantId = request.tenant?.tenantId ?? null;
    const log = request.log.child({ tenantId });
    let status = typeof err.statusCode === "number" && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500 && (!redis.isReady() || isRedisOutage(err) || isStoreOutage(err))) status = 503;

    if (err instanceof BudgetExceededError) {
      const seconds = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
      reply.header("retry-after", String(seconds));
      log.info({ retryAfterSeconds: seconds }, "LLM budget exhausted");
    } else if (status === 503) {
      // An outage we expect and answer for (Redis or the store away, a handler past its time):
      // one line at warn, no stack, so real errors stand out.
      log.warn({ statusCode: status, reason: err.message }, "request refused: backing service unavailable");
    } else if (status >= 500) {
      log.error({ err, statusCode: status }, "request failed");
    } else {
      log.info({ statusCode: status, reason: err.message }, "request rejected");
    }

    const message =
      status === 503
        ? "a backing service is unavailable, try again shortly"
        : status >= 500
          ? "internal error"
          : err.message;
    await reply.code(status).send({ error: errorName(status), message });
  };
}

function errorName(status: number): string {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}
