/**
 * Which arguments of a Redis command are keys, shared by ioredis (`hgetall`, `HGETALL`)
 * and node-redis (`hGetAll`): names are matched lower-cased.
 *
 * - `first`: the first argument is the key (most commands).
 * - `all`: every argument is a key (`del`, `exists`, `mget`, `watch`); node-redis also takes one array.
 * - `pairs`: key, value, key, value… (`mset`, `msetnx`).
 * - `two`: the first two arguments are keys (`rename`, `smove`, `lmove`, `copy`).
 * - `command`: `call("GET", key)`: the command name (when literal) says where the keys are.
 * - `commandArray`: node-redis `sendCommand(["GET", key])`: the same, inside one array.
 * - `subcommand`: `xgroup("CREATE", key, …)`: the argument after the subcommand is the key.
 * - `allButLast`: blocking pops, `blpop(a, b, timeout)`: every argument but the timeout.
 * - `script`: `eval(script, numkeys, ...keys, ...args)`, node-redis `eval(script, { keys })`.
 */
export type KeyPositions =
  "first" | "all" | "pairs" | "two" | "command" | "commandArray" | "subcommand" | "allButLast" | "script";

const first = [
  "get",
  "set",
  "setex",
  "psetex",
  "setnx",
  "getset",
  "getdel",
  "getex",
  "getrange",
  "setrange",
  "append",
  "strlen",
  "incr",
  "incrby",
  "incrbyfloat",
  "decr",
  "decrby",
  "expire",
  "pexpire",
  "expireat",
  "pexpireat",
  "expiretime",
  "ttl",
  "pttl",
  "persist",
  "type",
  "dump",
  "restore",
  "hget",
  "hset",
  "hsetnx",
  "hmset",
  "hmget",
  "hgetall",
  "hdel",
  "hexists",
  "hincrby",
  "hincrbyfloat",
  "hkeys",
  "hvals",
  "hlen",
  "hstrlen",
  "hscan",
  "hrandfield",
  "lpush",
  "rpush",
  "lpushx",
  "rpushx",
  "lpop",
  "rpop",
  "lrange",
  "llen",
  "lrem",
  "lset",
  "ltrim",
  "lindex",
  "linsert",
  "lpos",
  "sadd",
  "srem",
  "smembers",
  "sismember",
  "smismember",
  "scard",
  "spop",
  "srandmember",
  "sscan",
  "zadd",
  "zrem",
  "zrange",
  "zrangebyscore",
  "zrevrange",
  "zrevrangebyscore",
  "zrangebylex",
  "zscore",
  "zmscore",
  "zincrby",
  "zcard",
  "zcount",
  "zrank",
  "zrevrank",
  "zremrangebyscore",
  "zremrangebyrank",
  "zpopmin",
  "zpopmax",
  "zscan",
  "xadd",
  "xrange",
  "xrevrange",
  "xlen",
  "xtrim",
  "xdel",
  "xack",
  "xpending",
  "xclaim",
  "xautoclaim",
  "pfadd",
  "setbit",
  "getbit",
  "bitcount",
  "bitpos",
  "bitfield",
  "geoadd",
  "geopos",
  "geodist",
  "geosearch",
  "georadius",
  "keys",
  "json.get",
  "json.set",
  "json.del",
  "hgetdel",
  "hgetex",
  "hsetex",
  "hexpire",
  "hpexpire",
  "httl",
  "hpersist",
  "sort",
  "sort_ro",
  "xgroupcreate",
  "xgroupdestroy",
  "xinfostream",
  "xinfogroups",
  "xinfoconsumers",
  "zunionstore",
  "zinterstore",
  "zdiffstore",
  // node-redis spellings of reply variants: `zRangeWithScores`, `sPopCount`, `hScanIterator`…
  "zrangewithscores",
  "zrangebyscorewithscores",
  "zrandmember",
  "zrandmembercount",
  "zrandmembercountwithscores",
  "zpopmincount",
  "zpopmaxcount",
  "spopcount",
  "srandmembercount",
  "lpopcount",
  "rpopcount",
  "hrandfieldcount",
  "hrandfieldcountwithvalues",
  "hscaniterator",
  "sscaniterator",
  "zscaniterator",
] as const;

const all = [
  "del",
  "unlink",
  "exists",
  "touch",
  "mget",
  "watch",
  "pfcount",
  "pfmerge",
  "sunion",
  "sinter",
  "sdiff",
  "sunionstore",
  "sinterstore",
  "sdiffstore",
] as const;
const pairs = ["mset", "msetnx"] as const;
const two = [
  "rename",
  "renamenx",
  "smove",
  "lmove",
  "blmove",
  "rpoplpush",
  "brpoplpush",
  "copy",
  "zrangestore",
  "geosearchstore",
  "lcs",
] as const;
const allButLast = ["blpop", "brpop", "bzpopmin", "bzpopmax"] as const;
const script = [
  "eval",
  "evalsha",
  "eval_ro",
  "evalsha_ro",
  "evalro",
  "evalsharo",
  "fcall",
  "fcall_ro",
  "fcallro",
] as const;
/** Subcommand first, key second: `xgroup("CREATE", key, group, id)`, `xinfo("STREAM", key)`, `object("ENCODING", key)`. */
const subcommand = ["xgroup", "xinfo", "object", "memory"] as const;

export const redisKeyPositions: ReadonlyMap<string, KeyPositions> = new Map<string, KeyPositions>([
  ...first.map((name) => [name, "first"] as const),
  ...all.map((name) => [name, "all"] as const),
  ...pairs.map((name) => [name, "pairs"] as const),
  ...two.map((name) => [name, "two"] as const),
  ...allButLast.map((name) => [name, "allButLast"] as const),
  ...script.map((name) => [name, "script"] as const),
  ...subcommand.map((name) => [name, "subcommand"] as const),
  ["call", "command"],
  ["send_command", "command"],
  ["sendcommand", "commandArray"],
]);

/** The key positions of a command method, any casing; ioredis' `getBuffer`/`hgetallBuffer` are the command itself. */
export function redisCommandKeys(method: string): KeyPositions | undefined {
  const name = method.toLowerCase();
  return (
    redisKeyPositions.get(name) ??
    (name.endsWith("buffer") ? redisKeyPositions.get(name.slice(0, -"buffer".length)) : undefined)
  );
}

/**
 * Command names common on objects that are not Redis clients (Maps, caches, DOM, HTTP clients).
 * The others are distinctive: called on a receiver that cannot be classified, they are counted as
 * undecided Redis sites (`unverified`), never reported.
 */
const genericCommandNames: ReadonlySet<string> = new Set([
  "get",
  "set",
  "del",
  "keys",
  "exists",
  "type",
  "append",
  "touch",
  "copy",
  "rename",
  "dump",
  "restore",
  "watch",
  "persist",
  "call",
  "send_command",
  "sendcommand",
  "incr",
  "decr",
  "expire",
  "ttl",
  "sort",
  "object",
  "memory",
  "eval",
  "lcs",
]);

export function isDistinctiveRedisCommand(method: string): boolean {
  const name = method.toLowerCase();
  return redisCommandKeys(name) !== undefined && !genericCommandNames.has(name);
}

/**
 * Commands of a Redis module reached through a namespace of the client: RedisJSON's
 * `client.json.set(key, path, value)`, `json.get(key)`, `json.del(key)` (node-redis and
 * @upstash/redis alike). The key comes first; `mget(keys, path)` takes every key but the path.
 */
const moduleNamespaces: ReadonlyMap<string, ReadonlyMap<string, KeyPositions>> = new Map([
  ["json", new Map<string, KeyPositions>([["mget", "allButLast"]])],
]);

/** The key positions of `namespace.method` on a client (`json.set`), any casing of the method. */
export function redisModuleCommandKeys(namespace: string, method: string): KeyPositions | undefined {
  const commands = moduleNamespaces.get(namespace);
  if (!commands) return undefined;
  return commands.get(method.toLowerCase()) ?? "first";
}
