/** Every rule, sorted by id: one per check registered in the core. */
import noGlobalTenantState from "./no-global-tenant-state.js";
import noUntrustedTenantId from "./no-untrusted-tenant-id.js";
import requireLlmRateLimit from "./require-llm-rate-limit.js";
import requireTenantFilter from "./require-tenant-filter.js";
import requireTenantJobData from "./require-tenant-job-data.js";
import requireTenantLogContext from "./require-tenant-log-context.js";
import requireTenantOnWrite from "./require-tenant-on-write.js";
import requireTenantRedisKey from "./require-tenant-redis-key.js";

export const rules = {
  "no-global-tenant-state": noGlobalTenantState,
  "no-untrusted-tenant-id": noUntrustedTenantId,
  "require-llm-rate-limit": requireLlmRateLimit,
  "require-tenant-filter": requireTenantFilter,
  "require-tenant-job-data": requireTenantJobData,
  "require-tenant-log-context": requireTenantLogContext,
  "require-tenant-on-write": requireTenantOnWrite,
  "require-tenant-redis-key": requireTenantRedisKey,
};
