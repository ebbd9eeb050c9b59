/** Every check, by rule id: the one implementation both hosts run. */
import type { CheckDefinition } from "../check.js";
import type { RuleId } from "../checklist.js";
import { noGlobalTenantState } from "./no-global-tenant-state.js";
import { noUntrustedTenantId } from "./no-untrusted-tenant-id/index.js";
import { requireLlmRateLimit } from "./require-llm-rate-limit/index.js";
import { requireTenantFilter } from "./require-tenant-filter.js";
import { requireTenantJobData } from "./require-tenant-job-data.js";
import { requireTenantLogContext } from "./require-tenant-log-context/index.js";
import { requireTenantOnWrite } from "./require-tenant-on-write.js";
import { requireTenantRedisKey } from "./require-tenant-redis-key.js";

export const checks: Partial<Record<RuleId, CheckDefinition>> = {
  "require-tenant-filter": requireTenantFilter,
  "require-tenant-on-write": requireTenantOnWrite,
  "require-tenant-redis-key": requireTenantRedisKey,
  "require-tenant-job-data": requireTenantJobData,
  "require-tenant-log-context": requireTenantLogContext,
  "require-llm-rate-limit": requireLlmRateLimit,
  "no-global-tenant-state": noGlobalTenantState,
  "no-untrusted-tenant-id": noUntrustedTenantId,
};

export { requireTenantFilter, requireTenantJobData, requireTenantOnWrite, requireTenantRedisKey };
export { requireLlmRateLimit, requireTenantLogContext };
export { noGlobalTenantState, noUntrustedTenantId };
