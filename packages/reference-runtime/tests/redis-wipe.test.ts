import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OwnRedis } from "./helpers/own-redis.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

// Redis losing its data (restart without persistence, failover to an empty replica) must
// not skip or lose leads: their identity and the record of what was done live in the store.
// FLUSHALL runs on a redis-server of this test's own, never on the shared one.
describe("Redis loses its data", () => {
  const redis = new OwnRedis();
  let t: TestApp | undefined;

  beforeAll(async () => {
    await redis.start();
  });
  afterEach(async () => {
    await t?.app.close();
    t = undefined;
  });
  afterAll(async () => {
    await redis.stop();
  });

  const leadEntries = async (app: TestApp, token: string, campaign: string): Promise<string[]> => {
    const history = (await call(app.app, "GET", `/campaigns/${campaign}/history`, token)).json as Array<{
      kind: string;
      input: string;
    }>;
    return history.filter((e) => e.kind === "lead").map((e) => e.input);
  };

  it("processes a lead queued after FLUSHALL (job ids restart at 1 in a fresh Redis)", async () => {
    t = await startTestApp({ redisUrl: redis.url });
    const token = await t.token("tenant-a");
    const campaign = (await call(t.app, "POST", "/campaigns", token, { name: "wipe", systemPrompt: "survive" })).json
      .id as string;

    expect(
      (
        await call(t.app, "POST", `/campaigns/${campaign}/leads`, token, {
          leads: [{ name: "First", phone: "555-0001" }],
        })
      ).status,
    ).toBe(202);
    await waitFor(async () => (await leadEntries(t!, token, campaign)).length === 1 || undefined);

    await redis.flushAll();

    expect(
      (
        await call(t.app, "POST", `/campaigns/${campaign}/leads`, token, {
          leads: [{ name: "Second", phone: "555-0002" }],
        })
      ).status,
    ).toBe(202);
    const inputs = await waitFor(async () => {
      const found = await leadEntries(t!, token, campaign);
      return found.length === 2 ? found : undefined;
    });
    expect(inputs.sort()).toEqual(["First (555-0001)", "Second (555-0002)"]);
  });

  it("puts the tenant back in the registry and re-queues the leads the wipe dropped", async () => {
    // An API process without workers: the lead is stored and queued, and no one works it yet.
    t = await startTestApp({ redisUrl: redis.url, runWorkers: false });
    const token = await t.token("tenant-b");
    const campaign = (await call(t.app, "POST", "/campaigns", token, { name: "wipe", systemPrompt: "survive" })).json
      .id as string;
    expect(
      (
        await call(t.app, "POST", `/campaigns/${campaign}/leads`, token, {
          leads: [{ name: "Queued", phone: "555-0003" }],
        })
      ).status,
    ).toBe(202);

    await redis.flushAll();
    const inspector = new Redis(redis.url);
    try {
      const registry = `${t.config.redisPrefix}:tenant-registry`;
      expect(await inspector.smembers(registry)).toEqual([]);
      // A worker process starting now learns the tenant from the store, not from Redis...
      expect(await t.runtime.queues.resumeKnownTenants()).toEqual(["tenant-b"]);
      expect(await inspector.smembers(registry)).toEqual(["tenant-b"]);
    } finally {
      await inspector.quit();
    }
    // ...and its new worker queues the stored lead again, whose job the wipe took.
    expect(
      await waitFor(async () =>
        (await leadEntries(t!, token, campaign)).length === 1 ? await leadEntries(t!, token, campaign) : undefined,
      ),
    ).toEqual(["Queued (555-0003)"]);
  });
});
