import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RedisUnavailableError } from "../redis/redis-connections.js";

/**
 * Charges only when the tokens fit, so a rejected request costs nothing, and clamps a
 * refund at zero so giving back tokens after the minute rolled over cannot mint credit.
 * Same arguments as rate-limiter-flexible's own script: points, seconds, limit.
 */
const CHARGE_IF_FITS = `
local points = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = tonumber(redis.call('get', KEYS[1]))
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * tonumber(ARGV[2])
end
if points > 0 and consumed + points > limit then
  return {consumed + points, ttl}
end
local after = consumed + points
if after < 0 then after = 0 end
redis.call('set', KEYS[1], after, 'KEEPTTL')
return {after, ttl}
`;

const WINDOW_SECONDS = 60;
const GLOBAL_BUCKET = "all-tenants";

export class BudgetExceededError extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterMs: number) {
    super("LLM token budget exhausted for this tenant; retry later");
  }
}

export interface Reservation {
  tenantId: string;
  tokens: number;
}

export interface TokenBudgetOptions {
  prefix: string;
  tokensPerTenant: number;
  tokensGlobal: number;
  maxWaitMs: number;
}

/**
 * Tokens-per-minute budgets in Redis (shared by every process): one bucket per tenant and
 * one for all tenants together, kept under the provider's ceiling. A call reserves its
 * estimate in both, waits up to `maxWaitMs` for room, and gives back what it did not use.
 */
export class TokenBudget {
  private readonly perTenant: RateLimiterRedis;
  private readonly global: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly options: TokenBudgetOptions,
  ) {
    const common = { storeClient: redis, duration: WINDOW_SECONDS, customIncrTtlLuaScript: CHARGE_IF_FITS };
    this.perTenant = new RateLimiterRedis({ ...common, keyPrefix: `${options.prefix}:llm-tpm`, points: options.tokensPerTenant });
    this.global = new RateLimiterRedis({ ...common, keyPrefix: `${options.prefix}:llm-tpm-global`, points: options.tokensGlobal });
  }

  /** Reserves `tokens` for the tenant or throws BudgetExceededError (nothing charged). */
  async reserve(tenantId: string, tokens: number): Promise<Reservation> {
    const points = Math.max(1, Math.ceil(tokens));
    if (points > this.options.tokensPerTenant || points > this.options.tokensGlobal) {
      // Could never fit in one window: say so now rather than after waiting.
      throw new BudgetExceededError(WINDOW_SECONDS * 1000);
    }
    const deadline = Date.now() + this.options.maxWaitMs;
    for (;;) {
      const waitMs = await this.tryReserve(tenantId, points);
      if (waitMs === 0) return { tenantId, tokens: points };
      if (Date.now() + waitMs > deadline) throw new BudgetExceededError(waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** Gives back the part of a reservation the call did not use (all of it when the call failed). */
  async settle(reservation: Reservation, usedTokens: number): Promise<void> {
    const unused = reservation.tokens - Math.ceil(usedTokens);
    if (unused <= 0) return;
    await Promise.all([this.perTenant.reward(reservation.tenantId, unused), this.global.reward(GLOBAL_BUCKET, unused)]);
  }

  /** Tokens left for the tenant in the current minute (for tests and diagnostics). */
  async remaining(tenantId: string): Promise<number> {
    const res = await this.perTenant.get(tenantId);
    return res ? res.remainingPoints : this.options.tokensPerTenant;
  }

  /** 0 when reserved in both buckets, else milliseconds until the blocking bucket frees up. */
  private async tryReserve(tenantId: string, points: number): Promise<number> {
    const tenantWait = await consumeOrWait(this.perTenant, tenantId, points);
    if (tenantWait > 0) return tenantWait;
    const globalWait = await consumeOrWait(this.global, GLOBAL_BUCKET, points);
    if (globalWait > 0) {
      // The tenant's share was taken but the call will not happen: hand it back.
      await this.perTenant.reward(tenantId, points);
      return globalWait;
    }
    return 0;
  }
}

async function consumeOrWait(limiter: RateLimiterRedis, key: string, points: number): Promise<number> {
  try {
    await limiter.consume(key, points);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    // rate-limiter-flexible rejects with the store's Error when Redis is unreachable.
    throw new RedisUnavailableError();
  }
}
