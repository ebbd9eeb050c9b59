import { Writable } from "node:stream";
import { Redis } from "ioredis";
import { type Logger, pino } from "pino";
import { type BuiltApp, buildApp } from "../../src/app.js";
import { signToken } from "../../src/auth/sign-token.js";
import type { RuntimeConfig } from "../../src/config.js";
import { REDIS_URL, TEST_SECRET, testConfig } from "./test-config.js";

export interface LogLine {
  level: number;
  msg?: string;
  tenantId?: string | null;
  [key: string]: unknown;
}

export interface TestApp extends BuiltApp {
  config: RuntimeConfig;
  logs: LogLine[];
  token(tenantId: string, sub?: string): Promise<string>;
  /** Closes the app (queues, workers, connections) and deletes every key of this run. */
  close(): Promise<void>;
}

/** Builds the real app against the real Redis, logging into memory so tests can read the lines. */
export async function startTestApp(overrides: Partial<RuntimeConfig> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      }
      callback();
    },
  });
  const logger: Logger = pino({ level: "debug" }, sink);
  const built = await buildApp(config, { logger });
  const secret = new TextEncoder().encode(TEST_SECRET);
  return {
    ...built,
    config,
    logs,
    token: (tenantId, sub = "user-1") => signToken(secret, { tenantId, sub }),
    async close() {
      await built.app.close();
      await deleteKeys(config.redisPrefix);
    },
  };
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A JSON request through Fastify's inject (no sockets), as tenant `token`. */
export async function call(
  app: BuiltApp["app"],
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; json: any; headers: Record<string, unknown> }> {
  const res = await app.inject({
    method,
    url,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: res.statusCode, json: res.body ? res.json() : null, headers: res.headers };
}
