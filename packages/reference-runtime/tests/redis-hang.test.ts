import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OwnRedis } from "./helpers/own-redis.js";
import { type TestApp, call, deleteKeys, startTestApp, waitFor } from "./helpers/test-app.js";

// A hung Redis (SIGSTOP: the socket stays open, nothing answers) is worse than a dead one:
// without a command timeout every request that touches it waits forever. Staged on a
// redis-server of this test's own, never the shared one.
describe("a hung Redis", () => {
  const redis = new OwnRedis();
  const COMMAND_TIMEOUT_MS = 500;
  let t: TestApp;
  let token: string;
  let campaign: string;

  beforeAll(async () => {
    await redis.start();
    t = await startTestApp({ redisUrl: redis.url, redisCommandTimeoutMs: COMMAND_TIMEOUT_MS });
    token = await t.token("tenant-a");
    campaign = (await call(t.app, "POST", "/campaigns", token, { name: "hang", systemPrompt: "wait for it" })).json.id;
  });
  afterAll(async () => {
    redis.resume();
    await t.app.close();
    await redis.stop();
    await deleteKeys(t.config.redisPrefix);
  });

  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = Date.now();
    const value = await work();
    return { value, ms: Date.now() - started };
  };

  it("answers 503 within the command timeout, logs it at warn without a stack, and recovers when Redis wakes", async () => {
    expect((await call(t.app, "GET", "/ready", null)).status).toBe(200);
    redis.pause();

    const leads = await timed(() =>
      call(t.app, "POST", `/campaigns/${campaign}/leads`, token, { leads: [{ name: "Ann", phone: "555-0100" }] }),
    );
    expect(leads.value.status).toBe(503);
    expect(leads.value.json).toMatchObject({ error: "Service Unavailable" });
    expect(leads.ms).toBeLessThan(COMMAND_TIMEOUT_MS * 4);

    const chat = await timed(() => call(t.app, "POST", `/campaigns/${campaign}/chat`, token, { message: "anyone?" }));
    expect(chat.value.status).toBe(503);
    expect(chat.ms).toBeLessThan(COMMAND_TIMEOUT_MS * 4);

    // Readiness says so too, within its own cap.
    const ready = await timed(() => call(t.app, "GET", "/ready", null));
    expect(ready.value).toMatchObject({ status: 503, json: { ready: false, redis: "down", store: "up" } });
    expect(ready.ms).toBeLessThan(2_000);

    // Routes that only need the store keep working.
    expect((await call(t.app, "GET", `/campaigns/${campaign}`, token)).status).toBe(200);

    const refusals = t.logs.filter((line) => line.msg === "request refused: backing service unavailable");
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const line of refusals) {
      expect(line.level).toBe(40);
      expect(line.tenantId).toBe("tenant-a");
      expect(line.err).toBeUndefined();
    }
    expect(t.logs.filter((line) => line.level >= 50)).toEqual([]);

    redis.resume();
    await waitFor(async () => (await call(t.app, "GET", "/ready", null)).status === 200 || undefined, 10_000);
    expect(
      (await call(t.app, "POST", `/campaigns/${campaign}/leads`, token, { leads: [{ name: "Bo", phone: "555-0101" }] }))
        .status,
    ).toBe(202);
    await waitFor(async () => {
      const history = (await call(t.app, "GET", `/campaigns/${campaign}/history`, token)).json as Array<{
        input: string;
      }>;
      return history.some((e) => e.input.startsWith("Bo")) || undefined;
    }, 15_000);
  });
});
