/**
 * How the CLI presents the core's rules: severity, docs link, and the one rule of the CLI's own.
 * Which check feeds which checklist item comes from the core's table, never from here.
 */
import { type ChecklistItemId, type RuleId, ruleDescriptors, ruleIds } from "@tenant-audit/analysis";
import type { Severity } from "./types.js";
import { repositoryUrl } from "./version.js";

/** Reported for an eslint-disable directive that silences a tenant rule without `-- reason`. */
export const suppressionWithoutReason = "tenant-audit/suppression-without-reason";

export interface PresentedRule {
  readonly id: string;
  readonly description: string;
  readonly checklistItem: ChecklistItemId | null;
  readonly severity: Severity;
  readonly helpUri: string;
}

/**
 * Every rule's finding is an error, whether or not the rule is in `configs.recommended`: the audit
 * answers the whole seed checklist, as `configs.strict` makes every rule an error. The only
 * warning is the CLI's own `suppression-without-reason` (which `--fail-on warning` fails on too).
 */
export function severityOf(_ruleId: RuleId): Severity {
  return "error";
}

export function presentedRules(): PresentedRule[] {
  return [
    ...ruleIds.map((id) => ({
      id: `tenant/${id}`,
      description: ruleDescriptors[id].description,
      checklistItem: ruleDescriptors[id].checklistItem,
      severity: severityOf(id),
      helpUri: `${repositoryUrl}/blob/main/docs/rules/${id}.md`,
    })),
    {
      id: suppressionWithoutReason,
      description: "Require a reason (`-- why`) on every eslint-disable directive that silences a tenant rule",
      checklistItem: null,
      severity: "warning",
      helpUri: `${repositoryUrl}/blob/main/docs/cli.md#suppressions`,
    },
  ];
}
