import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy } from "./helpers/tcp-proxy.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";
import { type TestDatabase, createTestDatabase } from "./helpers/test-database.js";

// PostgreSQL going away is an expected outage too: 503 (warn, no stack), readiness says
// which dependency is down, and everything recovers without a restart. Staged through a
// loopback proxy to the machine's PostgreSQL, which other tests keep using meanwhile.
describe("PostgreSQL outage", () => {
  const proxy = new TcpProxy("127.0.0.1", 5432);
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    await proxy.start();
    const url = new URL(database.url);
    url.port = String(proxy.port);
    t = await startTestApp({ store: "postgres", databaseUrl: url.toString(), handlerTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await proxy.start().catch(() => {});
    await t?.close();
    await proxy.stop();
    await database?.drop();
  });

  it("answers 503 while the store is away and recovers when it is back", async () => {
    const token = await t.token("tenant-a");
    const created = await call(t.app, "POST", "/campaigns", token, { name: "pg", systemPrompt: "stay" });
    expect(created.status).toBe(201);

    await proxy.stop();
    const started = Date.now();
    const listed = await call(t.app, "GET", "/campaigns", token);
    expect(listed).toMatchObject({ status: 503, json: { error: "Service Unavailable" } });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await call(t.app, "GET", "/ready", null)).toMatchObject({
      status: 503,
      json: { ready: false, redis: "up", store: "down" },
    });
    const refusals = t.logs.filter((line) => line.msg === "request refused: backing service unavailable");
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    for (const line of refusals) expect(line).toMatchObject({ level: 40, tenantId: "tenant-a" });
    expect(t.logs.filter((line) => line.level >= 50)).toEqual([]);

    await proxy.start();
    await waitFor(async () => (await call(t.app, "GET", "/ready", null)).status === 200 || undefined, 15_000);
    expect((await call(t.app, "GET", "/campaigns", token)).json).toHaveLength(1);
  });
});
