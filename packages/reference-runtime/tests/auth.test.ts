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

function sign(claims: Record<string, unknown>, options: { alg?: string; key?: Uint8Array; exp?: number } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? "HS256" })
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 600)
    .sign(options.key ?? secret);
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
      async () => ({ authorization: `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64({ tenantId: "tenant-a", sub: "u", exp: now() + 600 })}.` }),
    ],
    ["a wrong signature", async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { key: new TextEncoder().encode("another-secret-0123456789abcdef0123456789") })}` })],
    ["a tampered payload", async () => {
      const [header, , signature] = (await sign({ tenantId: "tenant-a", sub: "u" })).split(".");
      return { authorization: `Bearer ${header}.${b64({ tenantId: "tenant-b", sub: "u", exp: now() + 600 })}.${signature}` };
    }],
    ["another algorithm (HS512)", async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { alg: "HS512" })}` })],
    ["an expired token", async () => ({ authorization: `Bearer ${await sign({ tenantId: "tenant-a", sub: "u" }, { exp: now() - 10 })}` })],
    ["no tenantId claim", async () => ({ authorization: `Bearer ${await sign({ sub: "u" })}` })],
    ["a non-string tenantId claim", async () => ({ authorization: `Bearer ${await sign({ tenantId: 42, sub: "u" })}` })],
    ["a tenantId with unsafe characters", async () => ({ authorization: `Bearer ${await sign({ tenantId: "a:b*", sub: "u" })}` })],
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
    const res = await t.app.inject({ method: "POST", url: "/campaigns", headers: { "content-type": "application/json" }, payload: "{nope" });
    expect(res.statusCode).toBe(401);
  });

  it("leaves /health open", async () => {
    const res = await call(t.app, "GET", "/health", null);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, redis: "up" });
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

  it("mint-token prints a token the server accepts for that tenant", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/mint-token.ts", "--tenant", "acme"], {
      // The package directory, wherever vitest was started from (package or repository root).
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, JWT_SECRET: TEST_SECRET },
    });
    const { payload, protectedHeader } = await jwtVerify(stdout.trim(), secret, { algorithms: ["HS256"] });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.tenantId).toBe("acme");
    expect(typeof payload.sub).toBe("string");
  });
});
