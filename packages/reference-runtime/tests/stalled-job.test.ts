import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers/test-config.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

describe("a worker killed mid-job loses nothing", () => {
  let t: TestApp;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // A store on disk, so the worker process sees the campaign the API process created.
    dataDir = await mkdtemp(path.join(tmpdir(), "ra-stalled-"));
    t = await startTestApp({ runWorkers: false, dataDir, lockDurationMs: 1_000, stalledIntervalMs: 500 });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("retries the stalled job on another worker and stores the result exactly once", async () => {
    const token = await t.token("tenant-a");
    const campaign = (
      await call(t.app, "POST", "/campaigns", token, { name: "crash", systemPrompt: "survive crashes" })
    ).json;
    expect(
      (
        await call(t.app, "POST", `/campaigns/${campaign.id}/leads`, token, {
          leads: [{ name: "Ann", phone: "555-0100" }],
        })
      ).status,
    ).toBe(202);

    child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/doomed-worker.ts"], {
      // The package directory, wherever vitest was started from (package or repository root).
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        ...process.env,
        JWT_SECRET: TEST_SECRET,
        REDIS_URL: t.config.redisUrl,
        REDIS_PREFIX: t.config.redisPrefix,
        DATA_DIR: dataDir,
        DOOMED_TENANT: "tenant-a",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes("active ") || undefined, 15_000);
    const queue = await t.runtime.queues.forTenant("tenant-a");
    expect(await queue.getActiveCount()).toBe(1);

    // The worker dies holding the job: no graceful shutdown, no lock release.
    child.kill("SIGKILL");
    await waitFor(() => child?.signalCode === "SIGKILL" || undefined);

    t.runtime.queues.startWorker("tenant-a");
    const history = await waitFor(async () => {
      const res = await call(t.app, "GET", `/campaigns/${campaign.id}/history`, token);
      return res.json.length > 0 ? res.json : undefined;
    }, 20_000);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: "lead", input: "Ann (555-0100)" });
    expect(t.logs.some((l) => l.msg?.includes("stalled") && l.tenantId === "tenant-a")).toBe(true);
    // The result is stored inside the processor, just before BullMQ marks the job completed.
    expect(await waitFor(async () => (await queue.getCompletedCount()) || undefined, 5_000)).toBe(1);
    expect(await queue.getFailedCount()).toBe(0);
  }, 60_000);
});
