import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptFingerprint } from "../src/llm/local-chat-client.js";
import { type LeadJobData, leadQueueName } from "../src/queues/lead-job.js";
import { REDIS_URL } from "./helpers/test-config.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

describe("per-tenant queues", () => {
  let t: TestApp;
  let inspector: Redis;
  const opened: Queue[] = [];
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const queueOf = (tenantId: string): Queue<LeadJobData> => {
    const q = new Queue<LeadJobData>(leadQueueName(tenantId), { connection: inspector, prefix: t.config.redisPrefix });
    opened.push(q);
    return q;
  };

  beforeAll(async () => {
    // Workers off at first, so the jobs can be inspected where they were queued.
    t = await startTestApp({ runWorkers: false });
    inspector = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    for (const tenant of ["tenant-a", "tenant-b"]) {
      tokens[tenant] = await t.token(tenant);
      const res = await call(t.app, "POST", "/campaigns", tokens[tenant]!, {
        name: tenant,
        systemPrompt: `prompt of ${tenant}`,
      });
      ids[tenant] = res.json.id;
    }
  });
  afterAll(async () => {
    await Promise.all(opened.map((q) => q.close()));
    await inspector.quit();
    await t.close();
  });

  it("puts each tenant's jobs, with the tenant in their data, on that tenant's own queue", async () => {
    const a = await call(t.app, "POST", `/campaigns/${ids["tenant-a"]}/leads`, tokens["tenant-a"]!, {
      leads: [1, 2, 3].map((n) => ({ name: `A lead ${n}`, phone: `555-010${n}` })),
    });
    const b = await call(t.app, "POST", `/campaigns/${ids["tenant-b"]}/leads`, tokens["tenant-b"]!, {
      leads: [1, 2].map((n) => ({ name: `B lead ${n}`, phone: `555-020${n}` })),
    });
    expect(a).toMatchObject({ status: 202, json: { queued: 3 } });
    expect(b).toMatchObject({ status: 202, json: { queued: 2 } });

    const jobsA = await queueOf("tenant-a").getJobs(["waiting"]);
    const jobsB = await queueOf("tenant-b").getJobs(["waiting"]);
    expect(jobsA).toHaveLength(3);
    expect(jobsB).toHaveLength(2);
    for (const job of jobsA) expect(job.data).toMatchObject({ tenantId: "tenant-a", campaignId: ids["tenant-a"] });
    for (const job of jobsB) expect(job.data).toMatchObject({ tenantId: "tenant-b", campaignId: ids["tenant-b"] });
    expect(jobsA.map((j) => j.data.lead.name).sort()).toEqual(["A lead 1", "A lead 2", "A lead 3"]);
  });

  it("creates a queue once per tenant and reuses it", async () => {
    const first = await t.runtime.queues.forTenant("tenant-a");
    const again = await t.runtime.queues.forTenant("tenant-a");
    expect(again).toBe(first);
    expect(t.runtime.queues.size().queues).toBe(2);
  });

  it("each tenant's worker drafts with its own campaign's prompt and stores history for its own tenant", async () => {
    t.runtime.queues.startWorker("tenant-a");
    t.runtime.queues.startWorker("tenant-b");
    const historyOf = async (tenant: string) =>
      (await call(t.app, "GET", `/campaigns/${ids[tenant]}/history`, tokens[tenant]!)).json as Array<{
        input: string;
        output: string;
      }>;
    const a = await waitFor(async () => {
      const h = await historyOf("tenant-a");
      return h.length === 3 ? h : undefined;
    });
    const b = await waitFor(async () => {
      const h = await historyOf("tenant-b");
      return h.length === 2 ? h : undefined;
    });
    for (const entry of a) expect(entry.output).toContain(`system=${promptFingerprint("prompt of tenant-a")}`);
    for (const entry of b) expect(entry.output).toContain(`system=${promptFingerprint("prompt of tenant-b")}`);
    expect(a.every((e) => e.input.startsWith("A lead"))).toBe(true);
    expect(b.every((e) => e.input.startsWith("B lead"))).toBe(true);
  });

  it("a worker refuses a job that names another tenant (defence in depth)", async () => {
    const queueA = queueOf("tenant-a");
    // Simulates a producer bug: B's lead pushed onto A's queue.
    const job = await queueA.add("draft-opening", {
      tenantId: "tenant-b",
      campaignId: ids["tenant-b"]!,
      leadId: "lead-mallory",
      lead: { name: "Mallory", phone: "555-0666" },
    });
    const state = await waitFor(async () => {
      const s = await queueA.getJobState(job.id!);
      return s === "failed" ? s : undefined;
    });
    expect(state).toBe("failed");
    const history = (await call(t.app, "GET", `/campaigns/${ids["tenant-b"]}/history`, tokens["tenant-b"]!))
      .json as Array<{ input: string }>;
    expect(history.some((e) => e.input.startsWith("Mallory"))).toBe(false);
  });

  it("resumes workers for tenants known from an earlier process", async () => {
    const other = await startTestApp({ runWorkers: false, redisPrefix: t.config.redisPrefix });
    try {
      expect((await other.runtime.queues.resumeKnownTenants()).sort()).toEqual(["tenant-a", "tenant-b"]);
      expect(other.runtime.queues.size().workers).toBe(2);
    } finally {
      await other.app.close();
    }
  });
});
