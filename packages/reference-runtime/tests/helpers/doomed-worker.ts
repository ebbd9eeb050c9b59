// A worker process for the stalled-job test: it picks up a lead, announces it, and then
// hangs in the (slow) model call until the test kills it with SIGKILL.
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { createRuntime } from "../../src/runtime.js";

const tenantId = process.env.DOOMED_TENANT ?? "tenant-a";
const config = {
  ...loadConfig(process.env),
  runWorkers: false,
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
  localDelayMs: 120_000,
};
const runtime = await createRuntime(config, pino({ level: "silent" }));
const worker = runtime.queues.startWorker(tenantId);
worker.on("active", (job) => {
  process.stdout.write(`active ${job.id}\n`);
});
process.stdout.write("ready\n");
