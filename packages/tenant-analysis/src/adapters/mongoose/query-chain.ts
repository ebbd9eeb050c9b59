/**
 * Mongoose queries scoped after the fact: `.where("tenantId").equals(t)`, `.where("tenantId", t)`,
 * `.where({ tenantId })`, `.and([{ tenantId }])`, `.setOptions({ tenantId })` (a tenancy plugin's
 * option), and a query kept in a variable and scoped by a later statement.
 */
import ts from "../../typescript.cjs";
import { chainedCalls, isNullish, unwrap } from "../../ast.js";
import type { Predicate } from "../../data-layer/predicate.js";
import { objectCarriesTenant } from "../../evidence/object-evidence.js";
import type { AnalysisContext } from "../../types.js";
import { mongoFilterDialect } from "../mongodb/filter-dialect.js";

/** The predicate the chain after `call` (or a later statement on its variable) adds, if any. */
export function chainedScope(call: ts.CallExpression, context: AnalysisContext): Predicate | undefined {
  if (chainScopesTenant(call, context))
    return { kind: "decided", evidence: "yes", reason: "scoped by a chained where()", origin: call };
  const builder = builderScopesTenant(call, context);
  if (builder === "yes")
    return { kind: "decided", evidence: "yes", reason: "scoped by a later where() on its variable", origin: call };
  // An `if` may skip the statement that scopes it.
  if (builder === "unknown")
    return { kind: "decided", evidence: "unknown", reason: "scoped by a later where() that may not run", origin: call };
  return undefined;
}

function chainScopesTenant(call: ts.Expression, context: AnalysisContext): boolean {
  const chain = chainedCalls(call);
  const scoped = (expression: ts.Expression | undefined, site: ts.Node): boolean =>
    objectCarriesTenant(expression, context, mongoFilterDialect, site).evidence === "yes";
  return chain.some(({ method, call: link }, index) => {
    const [first, second] = link.arguments;
    if (method === "where" && first) {
      const path = unwrap(first);
      if (ts.isStringLiteralLike(path)) {
        if (!context.settings.tenantFields.includes(path.text)) return false;
        if (second) return !isNullish(second);
        const next = chain[index + 1];
        return next !== undefined && ["equals", "eq", "in"].includes(next.method) && next.call.arguments.length > 0;
      }
      return scoped(first, link);
    }
    if (!first) return false;
    if (method === "and") {
      const branches = unwrap(first);
      return ts.isArrayLiteralExpression(branches) && branches.elements.some((element) => scoped(element, link));
    }
    return ["find", "findOne", "merge", "setQuery", "setOptions"].includes(method) && scoped(first, link);
  });
}

/**
 * `const q = Model.find(f); q.where({ tenantId })`: "yes" when that statement runs unconditionally
 * in the same block, "unknown" when it is nested, undefined when nothing scopes it.
 */
function builderScopesTenant(call: ts.CallExpression, context: AnalysisContext): "yes" | "unknown" | undefined {
  let node: ts.Node = call;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)))
    node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent?.parent;
  const block = statement?.parent;
  if (!statement || !block) return undefined;
  const name = declaration.name.text;
  let verdict: "yes" | "unknown" | undefined;
  const visit = (child: ts.Node): void => {
    if (verdict === "yes") return;
    if (
      ts.isIdentifier(child) &&
      child.text === name &&
      child !== declaration.name &&
      child.pos > call.end &&
      chainScopesTenant(child, context)
    ) {
      let owner: ts.Node = child;
      while (owner.parent && owner.parent !== block) owner = owner.parent;
      verdict =
        owner.parent === block && (ts.isExpressionStatement(owner) || ts.isReturnStatement(owner)) ? "yes" : "unknown";
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(block, visit);
  return verdict;
}
