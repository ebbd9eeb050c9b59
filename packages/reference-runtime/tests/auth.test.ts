import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SignJWT, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { TEST_SECRET } from "./helpers/test-config.js";
import { type TestApp, call, startTestApp } from "./helpers/test-app.js";

const secret = new TextEncoder().encode(TEST_SECRET);
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = (): number => Math.floor(Date.now() / 1000);

function sign(
  claims: Record<string, unknown>,
  options: { alg?: string; key?: Uint8Array; exp?: number | null } = {},
): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).setIssuedAt();
  // exp: null signs a token that never expires.
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 600);
  return jwt.sign(options.key ?? secret);
}

describe("authentication", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ runWorkers: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it("accepts a valid HS256 token and scopes the request to its tenant", async () => {
    const res = await call(t.app, "GET", "/campaigns", await t.token("tenant-a"));
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  // Every way a caller can fail to prove its tenant ends in 401, before any handler runs.
  const failures: Array<[string, () => Promise<Record<string, string>>]> = [
    ["no Authorization header", async () => ({})],
    ["a non-Bearer scheme", async () => ({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` })],
    ["an empty bearer", async () => ({ authorization: "Bearer " })],
    ["a malformed token", async () => ({ authorization: "Bearer not.a.jwt" })],
    [
      "alg none",
      async () => ({
        authorization: `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64({ tenantId: "tenant-a", sub: "u", exp: now() + 600 })}.`,
      }),
    ],
    [
      "a wrong signature",
      async () => ({
        authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { key: new TextEncoder().encode("another-secret-0123456789abcdef0123456789") })}`,
      }),
    ],
    [
      "a tampered payload",
      async () => {
        const [header, , signature] = (await sign({ tenantId: "tenant-a", sub: "u" })).split(".");
        return {
          authorization: `Bearer ${header}.${b64({ tenantId: "tenant-b", sub: "u", exp: now() + 600 })}.${signature}`,
        };
      },
    ],
    [
      "another algorithm (HS512)",
      async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { alg: "HS512" })}` }),
    ],
    [
      "an expired token",
      async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { exp: now() - 10 })}` }),
    ],
    // A token without exp would be valid forever once leaked.
    [
      "a token without exp",
      async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { exp: null })}` }),
    ],
    ["no tenantId claim", async () => ({ authorization: `Bearer ${await sign({ sub: "u" })}` })],
    [
      "a non-string tenantId claim",
      async () => ({ authorization: `Bearer ${await sign({ tenantId: 42, sub: "u" })}` }),
    ],
    [
      "a tenantId with unsafe characters",
      async () => ({ authorization: `Bearer ${await sign({ tenantId: "a:b*", sub: "u" })}` }),
    ],
    ["no sub claim", async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a" })}` })],
  ];

  for (const [name, headers] of failures) {
    it(`answers 401 for ${name}`, async () => {
      const res = await t.app.inject({ method: "GET", url: "/campaigns", headers: await headers() });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: "Unauthorized" });
    });
  }

  it("checks the token before reading the body (401, not 400, for bad JSON without a token)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/campaigns",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expect(res.statusCode).toBe(401);
  });

  it("leaves /health open", async () => {
    const res = await call(t.app, "GET", "/health", null);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, redis: "up" });
  });

  it("marks every tenant response no-store, errors included, so no shared cache keeps tenant data", async () => {
    expect((await call(t.app, "GET", "/campaigns", await t.token("tenant-a"))).headers["cache-control"]).toBe(
      "no-store",
    );
    expect((await call(t.app, "GET", "/campaigns", null)).headers["cache-control"]).toBe("no-store");
    expect((await call(t.app, "GET", "/campaigns/nope", await t.token("tenant-a"))).headers["cache-control"]).toBe(
      "no-store",
    );
  });

  it("allows no cross-origin browser access unless configured", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/campaigns",
      headers: { origin: "https://evil.example", authorization: `Bearer ${await t.token("tenant-a")}` },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("issuer, audience and CORS from configuration", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      runWorkers: false,
      jwtIssuer: "https://id.example",
      jwtAudience: "campaign-api",
      corsOrigins: ["https://app.example"],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const withClaims = async (claims: Record<string, unknown>): Promise<number> =>
    (await call(t.app, "GET", "/campaigns", await sign({ tenantId: "tenant-a", sub: "u", ...claims }))).status;

  it("accepts the configured iss and aud, and refuses a wrong or missing one", async () => {
    expect(await withClaims({ iss: "https://id.example", aud: "campaign-api" })).toBe(200);
    expect(await withClaims({ iss: "https://id.example", aud: ["other", "campaign-api"] })).toBe(200);
    expect(await withClaims({ iss: "https://evil.example", aud: "campaign-api" })).toBe(401);
    expect(await withClaims({ iss: "https://id.example", aud: "another-api" })).toBe(401);
    expect(await withClaims({ aud: "campaign-api" })).toBe(401);
    expect(await withClaims({ iss: "https://id.example" })).toBe(401);
  });

  it("answers a configured origin's preflight and requests, and no other origin", async () => {
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: "/campaigns",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("authorization");
    const token = await sign({ tenantId: "tenant-a", sub: "u", iss: "https://id.example", aud: "campaign-api" });
    const allowed = await t.app.inject({
      method: "GET",
      url: "/campaigns",
      headers: { origin: "https://app.example", authorization: `Bearer ${token}` },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example");
    const other = await t.app.inject({
      method: "GET",
      url: "/campaigns",
      headers: { origin: "https://evil.example", authorization: `Bearer ${token}` },
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("configuration and tooling", () => {
  it("refuses to start without JWT_SECRET", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(/at least 32/);
  });

  it("reads defaults from the issue", () => {
    const config = loadConfig({ JWT_SECRET: TEST_SECRET });
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      redisUrl: "redis://127.0.0.1:6379",
      llmProvider: "local",
      tpmPerTenant: 90_000,
    });
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, OPENAI_API_KEY: "sk-test" }).llmProvider).toBe("openai");
  });

  it("refuses split mode with the embedded store, naming the store options", () => {
    const refusal = /nedb store belongs to one process: set DATABASE_URL \(PostgreSQL, STORE=postgres\) or MONGODB_URI/;
    expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, RUN_WORKERS: "false" })).toThrow(refusal);
    expect(() => loadConfig({ JWT_SECRET: TEST_SECRET }, "worker")).toThrow(refusal);
    const split = loadConfig({
      JWT_SECRET: TEST_SECRET,
      RUN_WORKERS: "false",
      DATABASE_URL: "postgres://db.example:5432/app",
    });
    expect(split).toMatchObject({ store: "postgres", runWorkers: false });
    expect(
      loadConfig({ JWT_SECRET: TEST_SECRET, DATABASE_URL: "postgres://db.example:5432/app" }, "worker").runWorkers,
    ).toBe(true);
    expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, STORE: "postgres" })).toThrow(
      /STORE=postgres needs DATABASE_URL/,
    );
  });

  it("reads the stall, budget, timeout and CORS knobs from the environment and refuses bad ones with the variable's name", () => {
    const config = loadConfig({
      JWT_SECRET: TEST_SECRET,
      WORKER_LOCK_DURATION_MS: "5000",
      WORKER_STALLED_INTERVAL_MS: "2000",
      WORKER_MAX_STALLED_COUNT: "1",
      LLM_GLOBAL_RESERVE: "0.2",
      REDIS_COMMAND_TIMEOUT_MS: "750",
      HTTP_REQUEST_TIMEOUT_MS: "4000",
      CORS_ORIGINS: "https://app.example, https://admin.example",
    });
    expect(config).toMatchObject({
      lockDurationMs: 5_000,
      stalledIntervalMs: 2_000,
      maxStalledCount: 1,
      globalReserve: 0.2,
      redisCommandTimeoutMs: 750,
      requestTimeoutMs: 4_000,
      corsOrigins: ["https://app.example", "https://admin.example"],
    });
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ WORKER_STALLED_INTERVAL_MS: "40000" }, /WORKER_STALLED_INTERVAL_MS may not exceed WORKER_LOCK_DURATION_MS/],
      [{ WORKER_LOCK_DURATION_MS: "ten" }, /WORKER_LOCK_DURATION_MS/],
      [{ LLM_GLOBAL_RESERVE: "0.9" }, /LLM_GLOBAL_RESERVE/],
      [
        { LLM_TPM_GLOBAL: "1000", LLM_GLOBAL_RESERVE: "0.1" },
        /LLM_GLOBAL_RESERVE of LLM_TPM_GLOBAL must hold at least two calls/,
      ],
      [{ LLM_TPM_PER_TENANT: "200", LLM_MAX_TOKENS: "256" }, /LLM_MAX_TOKENS must be below LLM_TPM_PER_TENANT/],
      [{ REDIS_COMMAND_TIMEOUT_MS: "0" }, /REDIS_COMMAND_TIMEOUT_MS/],
      [{ CORS_ORIGINS: "*" }, /CORS_ORIGINS/],
      [{ SHUTDOWN_DRAIN_MS: "30000" }, /SHUTDOWN_DRAIN_MS must be below SHUTDOWN_TIMEOUT_MS/],
    ];
    for (const [env, message] of refused) {
      expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, ...env })).toThrow(message);
    }
  });

  it("mint-token prints a token the server accepts for that tenant", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/mint-token.ts", "--tenant", "acme"],
      {
        // The package directory, wherever vitest was started from (package or repository root).
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, JWT_SECRET: TEST_SECRET },
      },
    );
    const { payload, protectedHeader } = await jwtVerify(stdout.trim(), secret, { algorithms: ["HS256"] });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.tenantId).toBe("acme");
    expect(typeof payload.sub).toBe("string");
  });
});
