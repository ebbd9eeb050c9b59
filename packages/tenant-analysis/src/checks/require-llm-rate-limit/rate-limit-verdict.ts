/** Is an LLM call made through a per-tenant limiter: in its function, an enclosing one, a wrapper, or its callers? */
import ts from "../../typescript.cjs";
import { enclosingFunction } from "../../ast.js";
import type { Verdict } from "../../check.js";
import { routeMiddlewareNamed } from "../../request-sources.js";
import type { AnalysisContext } from "../../types.js";
import { limitedBefore, limiterName, wrapperVerdict } from "../../tenant-quota.js";

/**
 * Walks out from the call: in each enclosing function, an awaited per-tenant limiter call before
 * the call (or before the nested function holding it) makes it clean; so does a callback handed
 * to a limiter wrapper. A callback handed to a function we cannot see into, with the tenant among
 * its arguments, may be such a wrapper: unknown.
 */
export function rateLimitVerdict(call: ts.CallExpression, context: AnalysisContext): Verdict {
  let undecided = false;
  let node: ts.Node = call;
  for (let fn = enclosingFunction(call); ; fn = enclosingFunction(fn)) {
    if (limitedBefore(node, fn, context)) return "scoped";
    if (ts.isSourceFile(fn)) break;
    // `app.post(path, tenantRateLimit, handler)`: a limiter middleware may have taken the capacity.
    if (routeMiddlewareNamed(fn, limiterName, context)) undecided = true;
    const wrapper = wrapperVerdict(fn, context);
    if (wrapper === "scoped") return "scoped";
    if (wrapper === "unknown") undecided = true;
    node = fn;
  }
  return undecided ? "unknown" : "unscoped";
}
