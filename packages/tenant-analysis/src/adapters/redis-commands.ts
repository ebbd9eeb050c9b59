/**
 * Which arguments of a Redis command are keys, shared by ioredis (`hgetall`, `HGETALL`)
 * and node-redis (`hGetAll`): names are matched lower-cased.
 *
 * - `first`: the first argument is the key (most commands).
 * - `all`: every argument is a key (`del`, `exists`, `mget`, `watch`); node-redis also takes one array.
 * - `pairs`: key, value, key, value… (`mset`, `msetnx`).
 * - `two`: the first two arguments are keys (`rename`, `smove`, `lmove`, `copy`).
 * - `command`: `call("GET", key)`: the argument after the command name is the key.
 */
export type KeyPositions = "first" | "all" | "pairs" | "two" | "command";

const first = [
  "get", "set", "setex", "psetex", "setnx", "getset", "getdel", "getex", "getrange", "setrange",
  "append", "strlen", "incr", "incrby", "incrbyfloat", "decr", "decrby",
  "expire", "pexpire", "expireat", "pexpireat", "expiretime", "ttl", "pttl", "persist", "type", "dump", "restore",
  "hget", "hset", "hsetnx", "hmset", "hmget", "hgetall", "hdel", "hexists", "hincrby", "hincrbyfloat",
  "hkeys", "hvals", "hlen", "hstrlen", "hscan", "hrandfield",
  "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "lrange", "llen", "lrem", "lset", "ltrim", "lindex", "linsert", "lpos",
  "sadd", "srem", "smembers", "sismember", "smismember", "scard", "spop", "srandmember", "sscan",
  "zadd", "zrem", "zrange", "zrangebyscore", "zrevrange", "zrevrangebyscore", "zrangebylex", "zscore", "zmscore",
  "zincrby", "zcard", "zcount", "zrank", "zrevrank", "zremrangebyscore", "zremrangebyrank", "zpopmin", "zpopmax", "zscan",
  "xadd", "xrange", "xrevrange", "xlen", "xtrim", "xdel", "xgroup", "xack", "xpending", "xclaim", "xautoclaim", "xinfo",
  "pfadd", "setbit", "getbit", "bitcount", "bitpos", "bitfield",
  "geoadd", "geopos", "geodist", "geosearch", "georadius",
  "keys", "json.get", "json.set", "json.del",
] as const;

const all = ["del", "unlink", "exists", "touch", "mget", "watch", "pfcount", "sunion", "sinter", "sdiff"] as const;
const pairs = ["mset", "msetnx"] as const;
const two = ["rename", "renamenx", "smove", "lmove", "blmove", "rpoplpush", "copy"] as const;

export const redisKeyPositions: ReadonlyMap<string, KeyPositions> = new Map<string, KeyPositions>([
  ...first.map((name) => [name, "first"] as const),
  ...all.map((name) => [name, "all"] as const),
  ...pairs.map((name) => [name, "pairs"] as const),
  ...two.map((name) => [name, "two"] as const),
  ["call", "command"],
  ["send_command", "command"],
]);
