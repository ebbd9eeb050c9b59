import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

// Lines about the process itself, written outside any request or job.
const PROCESS_LINES = new Set(["redis connection ready"]);

describe("logs", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("every line written for a request or a job carries the right tenant", async () => {
    const campaigns: Record<string, string> = {};
    for (const tenant of ["tenant-a", "tenant-b"]) {
      const token = await t.token(tenant);
      const id = (await call(t.app, "POST", "/campaigns", token, { name: tenant, systemPrompt: `prompt ${tenant}` }))
        .json.id as string;
      campaigns[id] = tenant;
      await call(t.app, "GET", "/campaigns", token);
      await call(t.app, "PATCH", `/campaigns/${id}`, token, { status: "active" });
      await call(t.app, "POST", `/campaigns/${id}/chat`, token, { message: "hello" });
      await call(t.app, "POST", `/campaigns/${id}/leads`, token, { leads: [{ name: "Ann", phone: "555-0100" }] });
      await call(t.app, "GET", "/campaigns/does-not-exist", token); // 404
      await call(t.app, "POST", "/campaigns", token, { name: "" }); // 400
      await waitFor(
        async () => (await call(t.app, "GET", `/campaigns/${id}/history`, token)).json.length === 2 || undefined,
      );
    }
    // The lead jobs' completion lines are written after the history entry is stored.
    await waitFor(() => t.logs.filter((l) => l.msg === "opening line drafted").length === 2 || undefined);

    const lines = t.logs.filter((l) => !PROCESS_LINES.has(l.msg ?? ""));
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      expect(line, JSON.stringify(line)).toHaveProperty("tenantId");
      expect(["tenant-a", "tenant-b"]).toContain(line.tenantId);
      // A line about a campaign names that campaign's owner, never the other tenant.
      if (typeof line.campaignId === "string") expect(line.tenantId).toBe(campaigns[line.campaignId]);
    }
    // Job lines are there and bound to the job too.
    const jobLines = lines.filter((l) => l.msg === "opening line drafted");
    expect(jobLines.map((l) => l.tenantId).sort()).toEqual(["tenant-a", "tenant-b"]);
    for (const line of jobLines) expect(line.jobId).toBeTruthy();
    // Request lines include the completion line of every request.
    expect(lines.filter((l) => l.msg === "request completed").length).toBeGreaterThanOrEqual(16);
  });
});
