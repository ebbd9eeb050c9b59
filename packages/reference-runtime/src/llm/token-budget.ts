import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RedisUnavailableError } from "../redis/redis-connections.js";
import { FairGlobalBucket } from "./fair-global-bucket.js";

/**
 * A token bucket in one Redis key, run by rate-limiter-flexible in place of its fixed-window
 * script (same arguments: points, seconds, limit, window seconds). The key's value is the
 * tokens spent and its PTTL the time for them to refill at `limit` per window, so the spent
 * amount *now* is `pttl * rate`: the bucket refills continuously with no clock of our own.
 * A reservation that does not fit charges nothing and answers when it would fit; a refund
 * (negative points) never takes the bucket above full.
 */
const TOKEN_BUCKET = `
local points = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
local rate = limit / (tonumber(ARGV[4]) * 1000)
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then ttl = 0 end
local after = ttl * rate + points
if points > 0 and after > limit then
  return {math.ceil(after), math.ceil((after - limit) / rate)}
end
if after <= 0 then
  redis.call('del', KEYS[1])
  return {0, 0}
end
local ms = math.ceil(after / rate)
redis.call('set', KEYS[1], math.ceil(after), 'PX', ms)
return {math.ceil(after), ms}
`;

const WINDOW_SECONDS = 60;
// A tenant holds its share of the global bucket this long after its last call.
const ACTIVE_MS = 10_000;

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
  /** Share of the global bucket kept for tenants not yet asking (0 to 0.5). */
  globalReserve: number;
  maxWaitMs: number;
}

/**
 * Tokens-per-minute budgets in Redis (shared by every process): one bucket per tenant and
 * one for all tenants together, kept under the provider's ceiling and shared fairly between
 * the tenants asking for it (fair-global-bucket.ts), each refilling continuously at its
 * per-minute rate. A call reserves its estimate in both, waits up to `maxWaitMs` for room,
 * and gives back what it did not use.
 */
export class TokenBudget {
  private readonly perTenant: RateLimiterRedis;
  private readonly global: FairGlobalBucket;

  constructor(
    redis: Redis,
    private readonly options: TokenBudgetOptions,
  ) {
    const common = { storeClient: redis, duration: WINDOW_SECONDS, customIncrTtlLuaScript: TOKEN_BUCKET };
    this.perTenant = new RateLimiterRedis({
      ...common,
      keyPrefix: `${options.prefix}:llm-tpm`,
      points: options.tokensPerTenant,
    });
    this.global = new FairGlobalBucket(redis, {
      prefix: options.prefix,
      capacity: options.tokensGlobal,
      windowMs: WINDOW_SECONDS * 1000,
      reserve: Math.floor(options.tokensGlobal * options.globalReserve),
      activeMs: ACTIVE_MS,
    });
  }

  /** Reserves `tokens` for the tenant or throws BudgetExceededError (nothing charged). */
  async reserve(tenantId: string, tokens: number): Promise<Reservation> {
    const points = Math.max(1, Math.ceil(tokens));
    if (points > this.options.tokensPerTenant || points > this.options.tokensGlobal) {
      // Larger than a full bucket: it could never fit, so say so now rather than after waiting.
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
    await Promise.all([
      this.perTenant.reward(reservation.tenantId, unused),
      this.global.give(reservation.tenantId, unused),
    ]);
  }

  /** Tokens the tenant could spend right now (for tests and diagnostics). */
  async remaining(tenantId: string): Promise<number> {
    const res = await this.perTenant.get(tenantId);
    if (!res) return this.options.tokensPerTenant;
    // The spent amount drains with the key's TTL (see TOKEN_BUCKET).
    const spent = Math.ceil((res.msBeforeNext * this.options.tokensPerTenant) / (WINDOW_SECONDS * 1000));
    return Math.max(0, this.options.tokensPerTenant - spent);
  }

  /** 0 when reserved in both buckets, else milliseconds until the blocking bucket frees up. */
  private async tryReserve(tenantId: string, points: number): Promise<number> {
    const tenantWait = await consumeOrWait(this.perTenant, tenantId, points);
    if (tenantWait > 0) return tenantWait;
    let globalWait: number;
    try {
      globalWait = await this.global.take(tenantId, points);
    } catch {
      await this.perTenant.reward(tenantId, points).catch(() => {});
      throw new RedisUnavailableError();
    }
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
