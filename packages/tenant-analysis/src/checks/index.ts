/** Every check, by rule id: the one implementation both hosts run. */
import type { CheckDefinition } from "../check.js";
import type { RuleId } from "../checklist.js";
import { requireTenantFilter } from "./require-tenant-filter.js";
import { requireTenantJobData } from "./require-tenant-job-data.js";
import { requireTenantOnWrite } from "./require-tenant-on-write.js";
import { requireTenantRedisKey } from "./require-tenant-redis-key.js";

export const checks: Partial<Record<RuleId, CheckDefinition>> = {
  "require-tenant-filter": requireTenantFilter,
  "require-tenant-on-write": requireTenantOnWrite,
  "require-tenant-redis-key": requireTenantRedisKey,
  "require-tenant-job-data": requireTenantJobData,
};

export { requireTenantFilter, requireTenantJobData, requireTenantOnWrite, requireTenantRedisKey };
