/**
 * What to do about a finding, when the core's check offers no suggestion of its own: one line
 * per rule, so every finding in a report says how to fix it. `{tenantField}` is the first
 * configured tenant field.
 */
import type { RuleId } from "@tenant-audit/analysis";

const remediations: Readonly<Record<RuleId, string>> = {
  "require-tenant-filter":
    "Add {tenantField} to the filter (e.g. `{ {tenantField}, ...filter }`) or build the filter with a scope helper",
  "require-tenant-on-write":
    "Set {tenantField} on the document from the verified tenant, and never change it in an update",
  "require-tenant-redis-key":
    "Put the tenant in the key (e.g. `tenant:${{tenantField}}:…`) or build it with a key helper",
  "require-tenant-job-data": "Add {tenantField} to the job data so the worker can scope what it does",
  "require-tenant-log-context":
    "Log through a child logger bound to the tenant, or add {tenantField} to the log fields",
  "require-llm-rate-limit": "Await a per-tenant limiter (or call through a limiter wrapper) before the LLM call",
  "no-global-tenant-state": "Key the store by tenant, or keep the data in request or per-tenant scope",
  "no-untrusted-tenant-id":
    "Take the tenant id from the verified token, not from request input or a decoded (unverified) token",
};

export function remediation(ruleId: RuleId, tenantField: string): string {
  return remediations[ruleId].replaceAll("{tenantField}", tenantField);
}
