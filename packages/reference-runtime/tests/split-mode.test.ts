import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantQuery } from "../src/db/tenant-query.js";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";
import { REDIS_URL, TEST_SECRET } from "./helpers/test-config.js";
import { type TestDatabase, createTestDatabase } from "./helpers/test-database.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Starts `pnpm worker`'s entry point as its own process and resolves once it has started. */
function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (output.includes("worker process started")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}

describe("split mode: the API with RUN_WORKERS=false and separate worker processes on PostgreSQL", () => {
  let database: TestDatabase;
  let api: TestApp;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp({ store: "postgres", databaseUrl: database.url, runWorkers: false });
    const env = {
      JWT_SECRET: TEST_SECRET,
      REDIS_URL,
      REDIS_PREFIX: api.config.redisPrefix,
      DATABASE_URL: database.url,
      WORKER_REGISTRY_POLL_MS: "200",
      LOG_LEVEL: "info",
      LLM_PROVIDER: "local",
      LLM_MAX_TOKENS: "64",
    };
    workers.push(await startWorkerProcess(env), await startWorkerProcess(env));
  });
  afterAll(async () => {
    await Promise.all(workers.map(stopProcess));
    await api?.close();
    await database?.drop();
  });

  it("loses none of 100 leads and drafts each exactly once", async () => {
    const token = await api.token("tenant-split");
    const campaign = (
      await call(api.app, "POST", "/campaigns", token, { name: "split", systemPrompt: "You open calls." })
    ).json.id as string;
    const leads = Array.from({ length: 100 }, (_, i) => ({
      name: `Lead ${i}`,
      phone: `555-${String(i).padStart(4, "0")}`,
    }));
    expect((await call(api.app, "POST", `/campaigns/${campaign}/leads`, token, { leads })).json).toEqual({
      queued: 100,
    });

    // The API reads what the workers wrote: one store for every process.
    const drafted = await waitFor(async () => {
      const history = (await call(api.app, "GET", `/campaigns/${campaign}/history`, token)).json as Array<{
        kind: string;
        input: string;
      }>;
      const lines = history.filter((e) => e.kind === "lead");
      return lines.length >= 100 ? lines : undefined;
    }, 30_000);
    expect(drafted).toHaveLength(100);
    expect(new Set(drafted.map((e) => e.input)).size).toBe(100);
    expect(
      await api.runtime.store.leads.countDocuments(tenantQuery("tenant-split", { status: "drafted" as const })),
    ).toBe(100);
    expect(
      await api.runtime.store.leads.countDocuments(tenantQuery("tenant-split", { status: "queued" as const })),
    ).toBe(0);
  });
});

describe("split mode with the embedded store", () => {
  const run = promisify(execFile);
  // Nothing inherited may name a shared store.
  const env: NodeJS.ProcessEnv = { ...process.env, JWT_SECRET: TEST_SECRET };
  delete env.DATABASE_URL;
  delete env.MONGODB_URI;
  delete env.STORE;

  // Before, each process had its own nedb copy and the worker dropped every lead.
  for (const [what, entry, extra] of [
    ["the API with RUN_WORKERS=false", "src/server.ts", { RUN_WORKERS: "false" }],
    ["a worker process", "src/worker.ts", {}],
  ] as const) {
    it(`refuses to start ${what}, naming the store options`, async () => {
      const failure = await run(process.execPath, ["--import", "tsx", entry], {
        cwd: packageDir,
        env: { ...env, ...extra },
        timeout: 20_000,
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toMatch(
        /nedb store belongs to one process: set DATABASE_URL \(PostgreSQL, STORE=postgres\) or MONGODB_URI/,
      );
    });
  }
});
