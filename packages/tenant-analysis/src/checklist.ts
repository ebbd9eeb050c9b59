/**
 * The multi-tenancy checklist and the rules that answer it, defined once.
 * The ESLint plugin, the CLI, its reporters and the docs tests all read this table.
 */

export const checklistItemIds = [
  "db-queries",
  "redis-keys",
  "job-queues",
  "log-lines",
  "billing-limits",
  "prompt-isolation",
  "tenant-source",
] as const;

export type ChecklistItemId = (typeof checklistItemIds)[number];

export const ruleIds = [
  "require-tenant-filter",
  "require-tenant-on-write",
  "require-tenant-redis-key",
  "require-tenant-job-data",
  "require-tenant-log-context",
  "require-llm-rate-limit",
  "no-global-tenant-state",
  "no-untrusted-tenant-id",
] as const;

export type RuleId = (typeof ruleIds)[number];

export interface ChecklistItem {
  readonly id: ChecklistItemId;
  /** The seed's question; `{tenantField}` stands for the first configured tenant field. */
  readonly questionTemplate: string;
  readonly rules: readonly RuleId[];
}

export interface RuleDescriptor {
  readonly id: RuleId;
  readonly checklistItem: ChecklistItemId;
  /** "Require …" / "Disallow …", no trailing period. */
  readonly description: string;
  /** In `configs.recommended` (every rule is in `configs.strict`). */
  readonly recommended: boolean;
}

export const checklist: readonly ChecklistItem[] = [
  {
    id: "db-queries",
    questionTemplate: "Does every DB query include {tenantField}?",
    rules: ["require-tenant-filter", "require-tenant-on-write"],
  },
  {
    id: "redis-keys",
    questionTemplate: "Does every Redis key include {tenantField}?",
    rules: ["require-tenant-redis-key"],
  },
  {
    id: "job-queues",
    questionTemplate: "Does every job queue include {tenantField} in job data?",
    rules: ["require-tenant-job-data"],
  },
  {
    id: "log-lines",
    questionTemplate: "Does every log line include {tenantField} for debugging?",
    rules: ["require-tenant-log-context"],
  },
  {
    id: "billing-limits",
    questionTemplate: "Does this feature respect per-tenant billing limits?",
    rules: ["require-llm-rate-limit"],
  },
  {
    id: "prompt-isolation",
    questionTemplate: "Is no tenant's prompt or conversation held in shared memory?",
    rules: ["no-global-tenant-state"],
  },
  {
    id: "tenant-source",
    questionTemplate: "Does the tenant id come only from the verified token?",
    rules: ["no-untrusted-tenant-id"],
  },
];

export const ruleDescriptors: Readonly<Record<RuleId, RuleDescriptor>> = {
  "require-tenant-filter": {
    id: "require-tenant-filter",
    checklistItem: "db-queries",
    description: "Require a tenant filter on every query of a tenant-owned collection",
    recommended: true,
  },
  "require-tenant-on-write": {
    id: "require-tenant-on-write",
    checklistItem: "db-queries",
    description: "Require the tenant field on inserted documents and disallow changing it in updates",
    recommended: true,
  },
  "require-tenant-redis-key": {
    id: "require-tenant-redis-key",
    checklistItem: "redis-keys",
    description: "Require a tenant segment in every Redis key",
    recommended: true,
  },
  "require-tenant-job-data": {
    id: "require-tenant-job-data",
    checklistItem: "job-queues",
    description: "Require the tenant id in the data of every queued job",
    recommended: true,
  },
  "require-tenant-log-context": {
    id: "require-tenant-log-context",
    checklistItem: "log-lines",
    description: "Require tenant context on log calls in request and job code",
    recommended: false,
  },
  "require-llm-rate-limit": {
    id: "require-llm-rate-limit",
    checklistItem: "billing-limits",
    description: "Require a per-tenant rate limiter before every LLM call",
    recommended: false,
  },
  "no-global-tenant-state": {
    id: "no-global-tenant-state",
    checklistItem: "prompt-isolation",
    description: "Disallow module-level state that holds tenant data under a key without the tenant",
    recommended: false,
  },
  "no-untrusted-tenant-id": {
    id: "no-untrusted-tenant-id",
    checklistItem: "tenant-source",
    description: "Disallow tenant ids read from request input or unverified tokens",
    recommended: true,
  },
};

export function checklistQuestion(item: ChecklistItem, tenantField: string): string {
  return item.questionTemplate.replace("{tenantField}", tenantField);
}

export function isRuleId(value: string): value is RuleId {
  return (ruleIds as readonly string[]).includes(value);
}
