import type { Redis } from "ioredis";

/**
 * The global token bucket (all tenants together, kept under the provider's ceiling), shared
 * fairly. First come, first served would let one bursting tenant's waiting calls take every
 * token the bucket frees while another tenant waits behind them. Here every tenant that asked
 * within `activeMs` is *active*, and each active tenant's fair share is
 * `(capacity - reserve) / active`:
 *
 * - a call that keeps its tenant within its share may fill the bucket to the top;
 * - a call beyond its share must leave room: `reserve` (so a newcomer's first call never
 *   waits) plus, for every other active tenant still within its share, the rest of that share
 *   up to `reserve` more (enough for its next calls).
 *
 * So tenants within their share are served first from whatever the bucket frees, a burst
 * only gets what they leave, and a tenant alone may use all but the reserve. `reserve` 0
 * turns this into first come, first served. One Lua script, atomic across processes; the
 * bucket drains continuously at `capacity` per window (lazily, from the stored time), and so
 * does each tenant's recorded use. Keys: the bucket, one hash of per-tenant use (field =
 * tenant id), and a sorted set of active tenants (score = last ask).
 */
const FAIR_TAKE = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local tenant = ARGV[1]
local points = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local rate = capacity / tonumber(ARGV[4])
local reserve = tonumber(ARGV[5])
local active_ms = tonumber(ARGV[6])
local refund = ARGV[7] == '1'

local function drained(raw)
  if not raw then return 0 end
  local sep = string.find(raw, ':', 1, true)
  local level = tonumber(string.sub(raw, 1, sep - 1)) - (now - tonumber(string.sub(raw, sep + 1))) * rate
  if level < 0 then return 0 end
  return level
end
local function keep_alive()
  local ms = math.ceil(capacity / rate) + active_ms
  redis.call('PEXPIRE', KEYS[1], ms)
  redis.call('PEXPIRE', KEYS[2], ms)
end

local bucket = drained(redis.call('GET', KEYS[1]))
local mine = drained(redis.call('HGET', KEYS[2], tenant))

if refund then
  bucket = math.max(0, bucket - points)
  mine = math.max(0, mine - points)
  redis.call('SET', KEYS[1], bucket .. ':' .. now)
  redis.call('HSET', KEYS[2], tenant, mine .. ':' .. now)
  keep_alive()
  return 0
end

redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - active_ms)
redis.call('ZADD', KEYS[3], now, tenant)
redis.call('PEXPIRE', KEYS[3], active_ms)
local active = redis.call('ZRANGE', KEYS[3], 0, -1)
local share = (capacity - reserve) / #active

local wait
if mine + points <= share then
  -- Within its share: only the bucket's own ceiling applies.
  if bucket + points <= capacity then wait = 0 else wait = (bucket + points - capacity) / rate end
else
  local held = reserve
  for _, other in ipairs(active) do
    if other ~= tenant then
      local used = drained(redis.call('HGET', KEYS[2], other))
      if used < share then held = held + math.min(share - used, reserve) end
    end
  end
  local limit = capacity - held
  if bucket + points <= limit then
    wait = 0
  else
    -- Until the bucket drains below what others hold, or this tenant's use falls back into its share.
    local until_room = (bucket + points - limit) / rate
    local until_share = math.max((mine + points - share) / rate, (bucket + points - capacity) / rate)
    wait = math.min(until_room, until_share)
  end
end
if wait > 0 then return math.max(1, math.ceil(wait)) end

redis.call('SET', KEYS[1], (bucket + points) .. ':' .. now)
redis.call('HSET', KEYS[2], tenant, (mine + points) .. ':' .. now)
keep_alive()
return 0
`;

export interface FairGlobalBucketOptions {
  /** Key prefix; the bucket's keys are global on purpose (declared in tenant-audit.config.json). */
  prefix: string;
  capacity: number;
  windowMs: number;
  /** Tokens kept for tenants not yet asking. */
  reserve: number;
  /** A tenant counts as active (and holds its share) this long after it last asked. */
  activeMs: number;
}

export class FairGlobalBucket {
  constructor(
    private readonly redis: Redis,
    private readonly options: FairGlobalBucketOptions,
  ) {}

  /** 0 when `points` were taken for the tenant, else milliseconds until they might fit. */
  async take(tenantId: string, points: number): Promise<number> {
    return this.run(tenantId, points, false);
  }

  /** Gives back tokens a call reserved but did not use. */
  async give(tenantId: string, points: number): Promise<void> {
    await this.run(tenantId, points, true);
  }

  private async run(tenantId: string, points: number, refund: boolean): Promise<number> {
    const { prefix, capacity, windowMs, reserve, activeMs } = this.options;
    const result = await this.redis.eval(
      FAIR_TAKE,
      3,
      `${prefix}:llm-global:bucket`,
      `${prefix}:llm-global:use`,
      `${prefix}:llm-global:active`,
      tenantId,
      points,
      capacity,
      windowMs,
      reserve,
      activeMs,
      refund ? "1" : "0",
    );
    return Number(result);
  }
}
