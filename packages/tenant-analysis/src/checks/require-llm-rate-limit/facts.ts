/** Repository-wide facts for the CLI: functions that await a per-tenant limiter. */
import { getFileFacts } from "../../file-facts.js";
import { type FactCollector, functionName, registerFactCollector } from "../../project-facts.js";
import { awaitsLimiter } from "../../tenant-quota.js";

/**
 * Limiter wrappers a file offers to the others (`projectFacts.limiterWrappers`): named functions
 * that await a per-tenant limiter (keyed by the tenant they are given, or one they find), such as
 * `withTenantBudget(tenantId, fn)` or `reserveTokens(tenantId, n)`.
 */
export const collectLimiterWrappers: FactCollector = (sourceFile, context, facts) => {
  for (const fn of getFileFacts(sourceFile).functions) {
    const name = functionName(fn);
    if (name !== undefined && awaitsLimiter(fn, context, 1)) facts.limiterWrappers.add(name);
  }
};

registerFactCollector(collectLimiterWrappers);
