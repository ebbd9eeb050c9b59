import type { Store } from "../db/store.js";
import type { LlmDeps } from "../llm/call-llm.js";
import type { TenantQueues } from "../queues/tenant-queues.js";
import type { RedisConnections } from "../redis/redis-connections.js";

/** What route handlers need; built once per app by `createRuntime`. */
export interface RouteDeps {
  store: Store;
  queues: TenantQueues;
  llm: LlmDeps;
  redis: RedisConnections;
}
