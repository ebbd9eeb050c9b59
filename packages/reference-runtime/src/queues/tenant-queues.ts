import { randomUUID } from "node:crypto";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import type { Lead } from "../db/models.js";
import type { Store } from "../db/store.js";
import { tenantQuery } from "../db/tenant-query.js";
import { RedisUnavailableError, type RedisConnections, isRedisOutage } from "../redis/redis-connections.js";
import { LEAD_JOB_NAME, type LeadJobData, leadQueueName } from "./lead-job.js";
import type { LeadProcessor } from "./process-lead.js";

export interface TenantQueuesOptions {
  redis: RedisConnections;
  store: Store;
  /** BullMQ key prefix; every key of every tenant's queue starts with it. */
  prefix: string;
  logger: Logger;
  processor: LeadProcessor;
  runWorkers: boolean;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

/**
 * One BullMQ queue (and, in a worker process, one worker) per tenant, created on first use
 * and reused, so a tenant's burst of leads waits in its own line and never in front of
 * another tenant's. Both maps are keyed by the tenant id and owned by this instance.
 *
 * The store, not Redis, is the record of the work: a lead is stored before its job is
 * queued (the job's id is the lead's id), tenants are registered in the store, and a process
 * resuming the tenants' workers re-queues the leads still marked queued, so a Redis that lost
 * its data loses no lead and skips none.
 */
export class TenantQueues {
  private readonly queues = new Map<string, Queue<LeadJobData>>();
  private readonly workers = new Map<string, Worker<LeadJobData>>();
  private closed = false;
  /** Whether resumeKnownTenants has swept every tenant's stored leads once. */
  private recovered = false;

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

  /**
   * Stores the leads, then queues one job per lead on the tenant's own queue; 503 while
   * Redis is down or hung. The registry write comes first, so a Redis that does not answer
   * refuses the request before anything is stored; leads stored but not queued (Redis failed
   * in between) stay `queued` in the store and are queued again when workers next resume.
   */
  async enqueueLeads(
    tenantId: string,
    campaignId: string,
    leads: ReadonlyArray<{ name: string; phone: string }>,
  ): Promise<number> {
    if (!this.options.redis.isReady()) throw new RedisUnavailableError();
    const createdAt = new Date().toISOString();
    const stored: Lead[] = leads.map((lead) => ({
      _id: randomUUID(),
      tenantId,
      campaignId,
      name: lead.name,
      phone: lead.phone,
      status: "queued",
      createdAt,
    }));
    // Registered on every enqueue, not once per process: a wiped Redis gets it back at once.
    await this.redisCall(() => this.options.redis.commands.sadd(`${this.options.prefix}:tenant-registry`, tenantId));
    await this.options.store.tenants.register(tenantId);
    await this.options.store.leads.insertMany(stored);
    await this.redisCall(() => this.addJobs(tenantId, stored));
    return stored.length;
  }

  /**
   * Starts a worker for every tenant the store or Redis knows (a restarted or separate worker
   * process). The first call also queues again every stored lead still marked queued (work
   * a crash or a Redis wipe may have lost); later calls do so for tenants the store knows but
   * Redis forgot, which means Redis lost its data, and put them back in the registry.
   */
  async resumeKnownTenants(): Promise<string[]> {
    if (this.closed) return [];
    const [inRedis, inStore] = await Promise.all([
      this.options.redis.commands.smembers(`${this.options.prefix}:tenant-registry`),
      this.options.store.tenants.list(),
    ]);
    const known = new Set(inRedis);
    const forgotten = inStore.filter((tenantId) => !known.has(tenantId));
    if (forgotten.length > 0)
      await this.options.redis.commands.sadd(`${this.options.prefix}:tenant-registry`, ...forgotten);
    const all = [...new Set([...inRedis, ...inStore])].sort();
    for (const tenantId of all) this.startWorker(tenantId);
    const recover = this.recovered ? forgotten : all;
    this.recovered = true;
    for (const tenantId of recover) {
      const count = await this.requeueStoredLeads(tenantId);
      if (count > 0) this.options.logger.child({ tenantId }).info({ leads: count }, "stored leads queued again");
    }
    return all;
  }

  /** Queues again every lead of the tenant still marked queued; BullMQ ignores ids it already has. */
  async requeueStoredLeads(tenantId: string): Promise<number> {
    const pending = await this.options.store.leads.find(tenantQuery(tenantId, { status: "queued" as const }), {
      sort: { createdAt: 1 },
    });
    if (pending.length > 0) await this.addJobs(tenantId, pending);
    return pending.length;
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
        maxStalledCount: this.options.maxStalledCount,
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

  /** Runs a Redis call, turning an outage (down, or hung past the command timeout) into 503. */
  private async redisCall<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (err) {
      if (!this.options.redis.isReady() || isRedisOutage(err)) throw new RedisUnavailableError();
      throw err;
    }
  }

  /** The job's id is the stored lead's id, so adding the same lead twice queues it once. */
  private async addJobs(tenantId: string, leads: readonly Lead[]): Promise<void> {
    const queue = await this.forTenant(tenantId);
    await queue.addBulk(
      leads.map((lead) => ({
        name: LEAD_JOB_NAME,
        data: { tenantId, campaignId: lead.campaignId, leadId: lead._id, lead: { name: lead.name, phone: lead.phone } },
        opts: { jobId: lead._id },
      })),
    );
  }
}
