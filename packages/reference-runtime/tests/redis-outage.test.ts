import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy } from "./helpers/tcp-proxy.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

describe("Redis outage", () => {
  const proxy = new TcpProxy();
  let t: TestApp;
  let token: string;
  let id: string;

  beforeAll(async () => {
    await proxy.start();
    t = await startTestApp({ redisUrl: proxy.redisUrl });
    token = await t.token("tenant-a");
    id = (await call(t.app, "POST", "/campaigns", token, { name: "outage", systemPrompt: "stay up" })).json.id;
  });
  afterAll(async () => {
    await t.app.close();
    await proxy.stop();
    // Keys went through the proxy; clean them up on the real Redis directly.
    const { deleteKeys } = await import("./helpers/test-app.js");
    await deleteKeys(t.config.redisPrefix);
  });

  it("reports Redis down, answers 503 where Redis is needed, and recovers without a restart", async () => {
    expect((await call(t.app, "GET", "/health", null)).json).toEqual({ ok: true, redis: "up" });

    await proxy.stop();
    await waitFor(async () => (await call(t.app, "GET", "/health", null)).json.redis === "down" || undefined);
    const health = await call(t.app, "GET", "/health", null);
    expect(health).toMatchObject({ status: 200, json: { ok: false, redis: "down" } });

    const leads = await call(t.app, "POST", `/campaigns/${id}/leads`, token, {
      leads: [{ name: "Ann", phone: "555-0100" }],
    });
    expect(leads.status).toBe(503);
    expect(leads.json.error).toBe("Service Unavailable");
    expect((await call(t.app, "POST", `/campaigns/${id}/chat`, token, { message: "hi" })).status).toBe(503);
    // Routes that only need the database keep working.
    expect((await call(t.app, "GET", `/campaigns/${id}`, token)).status).toBe(200);

    await proxy.start();
    await waitFor(async () => (await call(t.app, "GET", "/health", null)).json.ok === true || undefined, 15_000);
    expect((await call(t.app, "POST", `/campaigns/${id}/chat`, token, { message: "back?" })).status).toBe(200);
    const queued = await call(t.app, "POST", `/campaigns/${id}/leads`, token, {
      leads: [{ name: "Ann", phone: "555-0100" }],
    });
    expect(queued.status).toBe(202);
    // The worker, created after the outage on reconnected connections, processes the lead.
    await waitFor(async () => {
      const history = (await call(t.app, "GET", `/campaigns/${id}/history`, token)).json as Array<{ kind: string }>;
      return history.some((e) => e.kind === "lead") || undefined;
    }, 15_000);
  });

  it("workers that lived through an outage pick up new jobs afterwards", async () => {
    // The tenant's worker exists now; cut Redis again under it.
    await proxy.stop();
    await waitFor(async () => (await call(t.app, "GET", "/health", null)).json.redis === "down" || undefined);
    await proxy.start();
    await waitFor(async () => (await call(t.app, "GET", "/health", null)).json.ok === true || undefined, 15_000);
    const before = ((await call(t.app, "GET", `/campaigns/${id}/history`, token)).json as unknown[]).length;
    expect(
      (await call(t.app, "POST", `/campaigns/${id}/leads`, token, { leads: [{ name: "Bo", phone: "555-0101" }] }))
        .status,
    ).toBe(202);
    await waitFor(
      async () =>
        ((await call(t.app, "GET", `/campaigns/${id}/history`, token)).json as unknown[]).length > before || undefined,
      20_000,
    );
  });
});
