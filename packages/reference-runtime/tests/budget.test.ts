import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

async function campaignFor(t: TestApp, token: string, prompt: string): Promise<string> {
  return (await call(t.app, "POST", "/campaigns", token, { name: "budget", systemPrompt: prompt })).json.id;
}

describe("per-tenant LLM token budget", () => {
  let t: TestApp;
  let tokenA: string;
  let tokenB: string;
  let campaignA: string;
  let campaignB: string;

  beforeAll(async () => {
    // Room for a handful of chat turns per tenant per minute; no waiting, so 429 comes at once.
    t = await startTestApp({ runWorkers: false, tpmPerTenant: 400, tpmGlobal: 100_000, maxTokens: 64, maxWaitMs: 250 });
    tokenA = await t.token("tenant-a");
    tokenB = await t.token("tenant-b");
    campaignA = await campaignFor(t, tokenA, "You are A.");
    campaignB = await campaignFor(t, tokenB, "You are B.");
  });
  afterAll(async () => {
    await t.close();
  });

  it("charges what a call used, not what it reserved", async () => {
    const before = await t.runtime.budget.remaining("tenant-a");
    const res = await call(t.app, "POST", `/campaigns/${campaignA}/chat`, tokenA, { message: "hello" });
    expect(res.status).toBe(200);
    expect(res.json.reply).toContain("Re: hello");
    const { prompt_tokens, completion_tokens, total_tokens } = res.json.usage;
    expect(total_tokens).toBe(prompt_tokens + completion_tokens);
    // The reservation was input estimate + max_tokens (64); the unused part came back. (The
    // bucket also refills by a fraction of a token per call's worth of time, hence the slack.)
    const after = await t.runtime.budget.remaining("tenant-a");
    expect(after).toBeGreaterThanOrEqual(before - total_tokens - 1);
    expect(after).toBeLessThanOrEqual(before - total_tokens + 2);
  });

  it("answers 429 with Retry-After once A's budget is spent, without charging the rejected call, and without waiting past LLM_MAX_WAIT_MS", async () => {
    let rejected: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 40 && !rejected; i++) {
      const res = await call(t.app, "POST", `/campaigns/${campaignA}/chat`, tokenA, { message: `turn ${i}` });
      if (res.status === 429) rejected = res;
      else expect(res.status).toBe(200);
    }
    expect(rejected).toBeDefined();
    const retryAfter = Number(rejected!.headers["retry-after"]);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rejected!.json.error).toBe("Too Many Requests");

    const remaining = await t.runtime.budget.remaining("tenant-a");
    const started = Date.now();
    expect((await call(t.app, "POST", `/campaigns/${campaignA}/chat`, tokenA, { message: "again" })).status).toBe(429);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Not charged: the bucket only refilled meanwhile (a chat turn reserves over 70 tokens).
    const afterRejection = await t.runtime.budget.remaining("tenant-a");
    expect(afterRejection).toBeGreaterThanOrEqual(remaining);
    expect(afterRejection).toBeLessThan(remaining + 20);
  });

  it("B's calls still go through while A is throttled", async () => {
    const res = await call(t.app, "POST", `/campaigns/${campaignB}/chat`, tokenB, { message: "hi from B" });
    expect(res.status).toBe(200);
    expect(res.json.reply).toContain("Re: hi from B");
    expect((await call(t.app, "POST", `/campaigns/${campaignA}/chat`, tokenA, { message: "still A" })).status).toBe(
      429,
    );
  });

  it("a throttled tenant's queued leads wait for budget instead of failing", async () => {
    const tokenC = await t.token("tenant-c");
    const campaignC = await campaignFor(t, tokenC, "You are C.");
    t.runtime.queues.startWorker("tenant-c");
    const res = await call(t.app, "POST", `/campaigns/${campaignC}/leads`, tokenC, {
      leads: Array.from({ length: 12 }, (_, i) => ({
        name: `Lead ${i}`,
        phone: `555-01${String(i).padStart(2, "0")}`,
      })),
    });
    expect(res.status).toBe(202);
    const queue = await t.runtime.queues.forTenant("tenant-c");
    const counts = await waitFor(async () => {
      const c = await queue.getJobCounts("completed", "delayed", "failed", "waiting", "active");
      return (c.completed ?? 0) + (c.delayed ?? 0) === 12 ? c : undefined;
    });
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBeGreaterThan(0);
    expect(counts.delayed).toBeGreaterThan(0);
  });
});

describe("waiting for budget", () => {
  let t: TestApp;
  beforeAll(async () => {
    // 6,000 tokens a minute refill at 100 a second: a chat turn's reservation is back in about a second.
    t = await startTestApp({ runWorkers: false, tpmPerTenant: 6_000, maxTokens: 64, maxWaitMs: 5_000 });
  });
  afterAll(async () => {
    await t.close();
  });

  it("waits up to LLM_MAX_WAIT_MS for the bucket to refill instead of failing", async () => {
    const token = await t.token("tenant-w");
    const campaign = await campaignFor(t, token, "You are W.");
    await t.runtime.budget.reserve("tenant-w", 6_000); // empties the bucket
    const started = Date.now();
    const res = await call(t.app, "POST", `/campaigns/${campaign}/chat`, token, { message: "worth the wait" });
    const waited = Date.now() - started;
    expect(res.status).toBe(200);
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(5_000);
  });
});

describe("global LLM token budget", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ runWorkers: false, tpmPerTenant: 10_000, tpmGlobal: 300, maxTokens: 64, maxWaitMs: 0 });
  });
  afterAll(async () => {
    await t.close();
  });

  it("caps all tenants together, and a global rejection gives the tenant's share back", async () => {
    const tokenA = await t.token("tenant-a");
    const tokenB = await t.token("tenant-b");
    const campaignA = await campaignFor(t, tokenA, "You are A.");
    const campaignB = await campaignFor(t, tokenB, "You are B.");
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      status = (await call(t.app, "POST", `/campaigns/${campaignA}/chat`, tokenA, { message: `turn ${i}` })).status;
    }
    expect(status).toBe(429);
    const before = await t.runtime.budget.remaining("tenant-b");
    // Within B's own budget and under the global cap on its own, but not in what A left of it.
    const message = "please ".repeat(150);
    expect((await call(t.app, "POST", `/campaigns/${campaignB}/chat`, tokenB, { message })).status).toBe(429);
    expect(await t.runtime.budget.remaining("tenant-b")).toBe(before);
  });
});
