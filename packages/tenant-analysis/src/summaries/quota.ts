/**
 * Summaries about the per-tenant quota: whether the code on the way to a call site has taken the
 * tenant's capacity (`quotaAt`), and whether every caller of a function does so before calling it
 * (`quotaCheckedByCallers`): then the LLM call inside that function is limited. The CLI knows
 * every caller (`ProjectFacts.quotaCheckedFunctions`); without it only the callers in the file are
 * known, and an exported function may be called from elsewhere: unknown, never clean.
 */
import ts from "../typescript.cjs";
import { calleeName, callMember, enclosingFunction, functionName, unwrap } from "../ast.js";
import type { Verdict } from "../check.js";
import { functionKey, isEntryFunction, isExported, namedOrEntryFunction } from "../entry-points.js";
import { getFileFacts } from "../file-facts.js";
import { routeMiddlewareNamed, routerMiddlewareNamed } from "../request-sources.js";
import { limitedBefore, limiterName, wrapperVerdict } from "../tenant-quota.js";
import type { AnalysisContext } from "../types.js";
import { calledFunction } from "./callee.js";

/**
 * Walks out from the site: in each enclosing function, an awaited per-tenant limiter call before
 * the site (or before the nested function holding it) makes it limited; so does a callback handed
 * to a limiter wrapper. Limiter middleware (a route's, a router's, an RPC procedure's
 * `.use(rateLimit)`) may have taken the tenant's capacity, and a callback handed to a function we
 * cannot see into, with the tenant among its arguments, may be a wrapper: unknown.
 */
export function quotaAt(site: ts.Node, context: AnalysisContext): Verdict {
  let undecided = false;
  let node: ts.Node = site;
  for (let fn = enclosingFunction(site); ; fn = enclosingFunction(fn)) {
    if (limitedBefore(node, fn, context)) return "scoped";
    if (ts.isSourceFile(fn)) break;
    if (
      routeMiddlewareNamed(fn, limiterName, context) ||
      routerMiddlewareNamed(fn, limiterName, context) ||
      procedureLimited(fn)
    )
      undecided = true;
    const wrapper = wrapperVerdict(fn, context);
    if (wrapper === "scoped") return "scoped";
    if (wrapper === "unknown") undecided = true;
    node = fn;
  }
  return undecided ? "unknown" : "unscoped";
}

/** `procedure.use(rateLimit).mutation(async () => …)`, or a builder variable made so (`const aiProcedure = t.procedure.use(withLlmLimit)`). */
function procedureLimited(fn: ts.FunctionLikeDeclaration): boolean {
  const parent = fn.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(fn as unknown as ts.Expression))
    return false;
  const callee = unwrap(parent.expression);
  if (
    !ts.isPropertyAccessExpression(callee) ||
    !/^(query|mutation|subscription|action|handler)$/u.test(callee.name.text)
  )
    return false;
  return chainUsesLimiter(callee.expression, 0);
}

function chainUsesLimiter(expression: ts.Expression, depth: number): boolean {
  if (depth > 8) return false;
  const node = unwrap(expression);
  if (ts.isCallExpression(node)) {
    const member = callMember(node);
    if (member?.method === "use" && node.arguments.some((argument) => limiterName.test(argument.getText())))
      return true;
    return member !== undefined && chainUsesLimiter(member.receiver, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) return chainUsesLimiter(node.expression, depth + 1);
  if (ts.isIdentifier(node)) {
    // The builder made once and reused: its initializer in this file.
    for (const statement of node.getSourceFile().statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === node.text && declaration.initializer)
          return chainUsesLimiter(declaration.initializer, depth + 1);
      }
    }
  }
  return false;
}

/**
 * Whether every caller of `fn` checks the per-tenant quota before calling it (then its calls to
 * the provider are limited). `scoped`: all callers do; `unscoped`: one does not (or nobody can call
 * it); `unknown`: a caller is out of sight (an export whose callers live in other files) or behind
 * middleware we cannot judge.
 */
export function quotaCheckedByCallers(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth = 0): Verdict {
  const facts = context.projectFacts;
  const key = functionKey(fn);
  if (facts?.quotaCheckedFunctions && key !== undefined) {
    if (facts.quotaCheckedFunctions.has(key)) return "scoped";
    if (facts.quotaUncheckedFunctions?.has(key)) return "unscoped";
    if (!isExported(fn)) return localCallersVerdict(fn, context, depth);
    return "unknown";
  }
  return localCallersVerdict(fn, context, depth);
}

/** Within the file: every call site of `fn` in it, each judged by `quotaAt` and, failing that, by its own callers. */
function localCallersVerdict(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth: number): Verdict {
  const name = functionName(fn);
  // By name first: resolving every call of the file (with a checker, its signature) costs more than the check.
  const sites =
    name === undefined
      ? []
      : getFileFacts(fn.getSourceFile()).calls.filter(
          (call) => calleeName(call) === name && calledFunction(call, context) === fn,
        );
  if (sites.length === 0) return isExported(fn) ? "unknown" : "unscoped";
  return combine(sites.map((site) => siteVerdict(site, context, depth)));
}

/** One call site: limited on the way there, else by the callers of the function it sits in (bounded, cycle-safe). */
export function siteVerdict(
  site: ts.CallExpression,
  context: AnalysisContext,
  depth: number,
  callers: (fn: ts.FunctionLikeDeclaration, depth: number) => Verdict = (caller, next) =>
    quotaCheckedByCallers(caller, context, next),
): Verdict {
  const here = quotaAt(site, context);
  if (here !== "unscoped") return here;
  const caller = namedOrEntryFunction(site, context);
  if (!caller || isEntryFunction(caller, context)) return "unscoped";
  if (depth >= 4 || inProgress.has(caller)) return "unknown";
  inProgress.add(caller);
  try {
    return callers(caller, depth + 1);
  } finally {
    inProgress.delete(caller);
  }
}

const inProgress = new Set<ts.Node>();

export function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("unscoped")) return "unscoped";
  return verdicts.every((verdict) => verdict === "scoped") ? "scoped" : "unknown";
}
