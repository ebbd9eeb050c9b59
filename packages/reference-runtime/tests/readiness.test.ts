import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { drainAndClose } from "../src/shutdown.js";
import { call, deleteKeys, startTestApp } from "./helpers/test-app.js";

describe("readiness and graceful shutdown", () => {
  it("is ready while Redis and the store answer; on shutdown it is not ready first, then drains and closes in time", async () => {
    const t = await startTestApp({ runWorkers: false, localDelayMs: 300 });
    try {
      expect(await call(t.app, "GET", "/ready", null)).toMatchObject({
        status: 200,
        json: { ready: true, redis: "up", store: "up" },
      });
      const token = await t.token("tenant-a");
      const campaign = (
        await call(t.app, "POST", "/campaigns", token, { name: "drain", systemPrompt: "finish what you started" })
      ).json.id;

      // A request in flight when SIGTERM arrives still gets its answer.
      const inFlight = call(t.app, "POST", `/campaigns/${campaign}/chat`, token, { message: "last one" });
      const closed = drainAndClose({
        app: t.app,
        readiness: t.readiness,
        logger: pino({ level: "silent" }),
        drainMs: 400,
        timeoutMs: 5_000,
      });
      expect(await call(t.app, "GET", "/ready", null)).toMatchObject({
        status: 503,
        json: { ready: false, draining: true },
      });
      // Liveness is unaffected: the process is healthy, just leaving.
      expect((await call(t.app, "GET", "/health", null)).status).toBe(200);
      expect((await inFlight).status).toBe(200);
      expect(await closed).toBe(true);
    } finally {
      await deleteKeys(t.config.redisPrefix);
    }
  });

  it("gives up waiting after the time cap", async () => {
    const t = await startTestApp({ runWorkers: false });
    try {
      const started = Date.now();
      // A drain longer than the cap: the cap wins.
      expect(
        await drainAndClose({
          app: t.app,
          readiness: t.readiness,
          logger: pino({ level: "silent" }),
          drainMs: 2_000,
          timeoutMs: 300,
        }),
      ).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await t.close();
    }
  });
});
