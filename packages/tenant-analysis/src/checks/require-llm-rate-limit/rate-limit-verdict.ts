/** Is an LLM call made through a per-tenant limiter: on the way to it, or by every caller of the wrapper it sits in? */
import ts from "../../typescript.cjs";
import type { Verdict } from "../../check.js";
import { isEntryFunction, namedOrEntryFunction } from "../../entry-points.js";
import { quotaAt, quotaCheckedByCallers } from "../../summaries/quota.js";
import { isLimiterCall } from "../../tenant-quota.js";
import type { AnalysisContext } from "../../types.js";

/**
 * Limited on the way to the call (`quotaAt`: a limiter awaited before it, a limiter wrapper, or
 * middleware that may limit: unknown). Otherwise, in a wrapper (a named function that is no
 * request or job entry), by its callers: limited when every caller checks the quota first
 * (`quotaCheckedByCallers`), unknown when a caller is out of sight. A wrapper that takes a
 * limiter itself but wrongly (a global key, after the call, on one branch) is its own finding.
 */
export function rateLimitVerdict(
  call: ts.CallExpression,
  context: AnalysisContext,
): { readonly verdict: "scoped" | "unscoped" } | { readonly verdict: "unknown"; readonly reason: string } {
  const here = quotaAt(call, context);
  if (here === "unknown") return { verdict: "unknown", reason: "middleware on the way to it may limit per tenant" };
  if (here === "scoped") return { verdict: "scoped" };
  const wrapper = namedOrEntryFunction(call, context);
  if (!wrapper || isEntryFunction(wrapper, context) || attemptsLimit(wrapper, context)) return { verdict: "unscoped" };
  const byCallers = quotaCheckedByCallers(wrapper, context);
  return byCallers === "unknown"
    ? { verdict: "unknown", reason: "it sits in a wrapper whose callers are not all in sight" }
    : { verdict: byCallers };
}

function attemptsLimit(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isLimiterCall(node, context, 1)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}
