/** Every check, by rule id: the one implementation both hosts run. */
import type { RuleId } from "../checklist.js";
import type { CheckDefinition } from "../check.js";

export const checks: Partial<Record<RuleId, CheckDefinition>> = {};
