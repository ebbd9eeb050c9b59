import { Queue, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import { RedisUnavailableError, type RedisConnections } from "../redis/redis-connections.js";
import { LEAD_JOB_NAME, type LeadJobData, leadQueueName } from "./lead-job.js";
import type { LeadProcessor } from "./process-lead.js";

export interface TenantQueuesOptions {
  redis: RedisConnections;
  /** BullMQ key prefix; every key of every tenant's queue starts with it. */
  prefix: string;
  logger: Logger;
  processor: LeadProcessor;
  runWorkers: boolean;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/**
 * One BullMQ queue (and, in a worker process, one worker) per tenant, created on first use
 * and reused, so a tenant's burst of leads waits in its own line and never in front of
 * another tenant's. Both maps are keyed by the tenant id and owned by this instance.
 */
export class TenantQueues {
  private readonly queues = new Map<string, Queue<LeadJobData>>();
  private readonly workers = new Map<string, Worker<LeadJobData>>();
  private closed = false;

  constructor(private readonly options: TenantQueuesOptions) {}

  /** The tenant's queue, created on first use; also starts its worker when this process runs workers. */
  async forTenant(tenantId: string): Promise<Queue<LeadJobData>> {
    const existing = this.queues.get(tenantId);
    if (existing) return existing;
    const queue = new Queue<LeadJobData>(leadQueueName(tenantId), {
      connection: this.options.redis.commands,
      prefix: this.options.prefix,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: "exponential", delay: 1_000 },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 1_000 },
      },
    });
    // Connection errors while Redis is down; the shared connection reconnects by itself.
    queue.on("error", (err) => {
      if (!this.closed) this.options.logger.child({ tenantId }).debug({ err: err.message }, "queue error");
    });
    try {
      // Remember the tenant (before caching the queue, so a failure here is retried next
      // time) so that a restarted or separate worker process resumes its queue.
      await this.options.redis.commands.sadd(`${this.options.prefix}:tenant-registry`, tenantId);
    } catch (err) {
      await queue.close().catch(() => {});
      throw err;
    }
    // Two concurrent first requests may both get here: keep the first queue, drop the other.
    const raced = this.queues.get(tenantId);
    if (raced) {
      await queue.close().catch(() => {});
      return raced;
    }
    this.queues.set(tenantId, queue);
    if (this.options.runWorkers) this.startWorker(tenantId);
    return queue;
  }

  /** Queues one job per lead on the tenant's own queue; answers 503 while Redis is down. */
  async enqueueLeads(tenantId: string, campaignId: string, leads: ReadonlyArray<{ name: string; phone: string }>): Promise<number> {
    if (!this.options.redis.isReady()) throw new RedisUnavailableError();
    try {
      const queue = await this.forTenant(tenantId);
      const jobs = await Promise.all(leads.map((lead) => queue.add(LEAD_JOB_NAME, { tenantId, campaignId, lead })));
      return jobs.length;
    } catch (err) {
      if (!this.options.redis.isReady()) throw new RedisUnavailableError();
      throw err;
    }
  }

  /** Starts a worker for every tenant that ever had a queue (a restarted or separate worker process). */
  async resumeKnownTenants(): Promise<string[]> {
    if (this.closed) return [];
    const tenantIds = await this.options.redis.commands.smembers(`${this.options.prefix}:tenant-registry`);
    for (const tenantId of tenantIds.sort()) this.startWorker(tenantId);
    return tenantIds;
  }

  startWorker(tenantId: string): Worker<LeadJobData> {
    const existing = this.workers.get(tenantId);
    if (existing) return existing;
    if (this.closed) throw new Error("tenant queues are closed");
    const { processor, logger } = this.options;
    const worker = new Worker<LeadJobData>(
      leadQueueName(tenantId),
      async (job, token) => {
        // Defence in depth: this worker serves one tenant; a job naming another is refused.
        if (job.data.tenantId !== tenantId) {
          throw new UnrecoverableError(`job for tenant ${job.data.tenantId} in queue of ${tenantId}`);
        }
        await processor(job, token);
      },
      {
        // Shared for ordinary commands; BullMQ adds one blocking connection per worker.
        connection: this.options.redis.workers,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs,
        stalledInterval: this.options.stalledIntervalMs,
        maxStalledCount: 2,
      },
    );
    const log = logger.child({ tenantId, queue: worker.name });
    worker.on("failed", (job, err) => {
      log.warn({ jobId: job?.id ?? null, attemptsMade: job?.attemptsMade ?? 0, err: err.message }, "lead job failed");
    });
    worker.on("stalled", (jobId) => {
      log.warn({ jobId }, "lead job stalled (worker died mid-job); it will be retried");
    });
    // Connection errors surface here while Redis is down; BullMQ reconnects by itself.
    worker.on("error", (err) => {
      if (!this.closed) log.debug({ err: err.message }, "worker error");
    });
    this.workers.set(tenantId, worker);
    log.info("worker started");
    return worker;
  }

  /** Live queue and worker counts (for the benchmark and diagnostics). */
  size(): { queues: number; workers: number } {
    return { queues: this.queues.size, workers: this.workers.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.workers.clear();
    this.queues.clear();
  }
}
