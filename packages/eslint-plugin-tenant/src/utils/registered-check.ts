import { type CheckDefinition, checks, type RuleId } from "@tenant-audit/analysis";

/**
 * The check of a rule whose named export has not landed in the core yet. Such a rule stays out
 * of `rules/index.ts` until it does, so this only throws if someone imports it early.
 */
export function registeredCheck(ruleId: RuleId): CheckDefinition {
  const check = checks[ruleId];
  if (!check) throw new Error(`The core has no check for "${ruleId}" yet`);
  return check;
}
