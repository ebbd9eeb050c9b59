// In-house wrappers around a Redis client and a job queue, imported by typed test cases
// that name them in `receivers` (`{ redis: ["CacheClient"] }`, `{ queue: ["JobBus"] }`).
import { Redis } from "ioredis";
import { Queue } from "bullmq";

export class CacheClient {
  constructor(private readonly redis: Redis = new Redis()) {}
  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }
  set(key: string, value: string): Promise<unknown> {
    return this.redis.set(key, value);
  }
}

export class JobBus {
  private readonly queues = new Map<string, Queue>();
  async add(name: string, data: Record<string, unknown>): Promise<void> {
    const queue = this.queues.get(name) ?? new Queue(name);
    this.queues.set(name, queue);
    // The caller's data is a parameter here: undecidable, so the callers are where the rule looks.
    await queue.add(name, data);
  }
}

export const cache = new CacheClient();
export const bus = new JobBus();

// An in-house SQL client, named in `receivers.sql` by typed and untyped cases (`{ sql: ["Querier"] }`).
export class Querier {
  async query(text: string, params: unknown[] = []): Promise<unknown[]> {
    return [text, ...params];
  }
}

export const querier = new Querier();
