/**
 * Does a filter, document or job payload carry the tenant? Object literals, spreads,
 * `Object.assign`, variables and their later writes, scope helpers, `$and` (any branch),
 * `$or` (every branch); never `$nor`/`$not`.
 */
import ts from "../typescript.cjs";
import { isNullish, propertyNameText, unwrap } from "../ast.js";
import { isRequestInput } from "../client-input.js";
import type { AnalysisContext } from "../types.js";
import { anyPart, bothBranches, type Evidence, everyPart } from "./evidence.js";
import { localFunction, propertyWrites, returnedExpressions, variableValues } from "./local-flow.js";
import { isTenantFieldName } from "./tenant-value.js";

/** `filter`: a query filter (operators matter); `document`: an inserted document or job payload. */
export type ObjectRole = "filter" | "document";

export interface ObjectVerdict {
  readonly evidence: Evidence;
  /** An `$or` whose branches carry the tenant only in part: the reason it is not scoped. */
  readonly partialOr?: ts.Node;
}

// One definition of client input for every check; re-exported for the callers that import it from here.
export { isRequestInput } from "../client-input.js";

export function objectCarriesTenant(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
  role: ObjectRole,
  site: ts.Node,
  depth = 0,
): ObjectVerdict {
  if (!expression) return { evidence: "no" };
  if (depth > 8) return { evidence: "unknown" };
  const node = unwrap(expression);
  if (isNullish(node)) return { evidence: "no" };
  if (ts.isObjectLiteralExpression(node)) return objectLiteralEvidence(node, context, role, site, depth);
  if (ts.isIdentifier(node)) return identifierEvidence(node, context, role, site, depth);
  if (ts.isCallExpression(node)) return { evidence: callEvidence(node, context, role, site, depth) };
  if (ts.isConditionalExpression(node)) {
    return { evidence: bothBranches([node.whenTrue, node.whenFalse].map((branch) => objectCarriesTenant(branch, context, role, site, depth + 1).evidence)) };
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return { evidence: bothBranches([node.left, node.right].map((branch) => objectCarriesTenant(branch, context, role, site, depth + 1).evidence)) };
  }
  // The caller's own input can never carry the verified tenant: `Campaign.find(req.query)`.
  if (isRequestInput(node, context)) return { evidence: "no" };
  return { evidence: "unknown" };
}

function objectLiteralEvidence(
  node: ts.ObjectLiteralExpression,
  context: AnalysisContext,
  role: ObjectRole,
  site: ts.Node,
  depth: number,
): ObjectVerdict {
  const parts: Evidence[] = [];
  let partialOr: ts.Node | undefined;
  // Later properties win: `{ ...filter, tenantId: undefined }` drops the spread's tenant, and
  // `{ tenantId, ...req.query }` lets the caller replace it (`?tenantId=other`).
  const isTenantProperty = (member: ts.ObjectLiteralElementLike): boolean =>
    (ts.isShorthandPropertyAssignment(member) || ts.isPropertyAssignment(member)) && isTenantFieldName(propertyNameText(member.name) ?? "", context);
  const lastTenantIndex = node.properties.findLastIndex(isTenantProperty);
  const overriddenByRequest = (index: number): boolean =>
    node.properties.slice(index + 1).some((later) => ts.isSpreadAssignment(later) && isRequestInput(later.expression, context));
  for (const [index, property] of node.properties.entries()) {
    if (ts.isShorthandPropertyAssignment(property)) {
      if (isTenantFieldName(property.name.text, context) && property.name.text !== "undefined") {
        if (!overriddenByRequest(index)) return { evidence: "yes" };
        parts.push("no");
      }
      continue;
    }
    if (ts.isSpreadAssignment(property)) {
      parts.push(index < lastTenantIndex ? "no" : objectCarriesTenant(property.expression, context, role, site, depth + 1).evidence);
      continue;
    }
    if (!ts.isPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined) {
      // A computed key (`[field]: value`) might be the tenant field.
      parts.push("unknown");
      continue;
    }
    if (isTenantFieldName(name, context)) {
      const value = valueEvidence(property.initializer, role);
      if (value === "yes" && !overriddenByRequest(index)) return { evidence: "yes" };
      parts.push(value === "yes" ? "no" : value);
      continue;
    }
    if (role !== "filter") continue;
    if (name === "$and") {
      parts.push(branches(property.initializer, context, site, depth, anyPart));
    } else if (name === "$or") {
      const evidence = branches(property.initializer, context, site, depth, everyPart);
      if (evidence === "no" && branches(property.initializer, context, site, depth, anyPart) === "yes") partialOr = property;
      parts.push(evidence);
    }
    // `$nor` and `$not` negate: a tenant inside them selects every other tenant.
  }
  const evidence = anyPart(parts);
  return evidence === "no" && partialOr ? { evidence, partialOr } : { evidence };
}

/** A tenant field's value: in a filter `$ne`, `$exists`, `$nin` do not restrict to one tenant. */
function valueEvidence(value: ts.Expression, role: ObjectRole): Evidence {
  const node = unwrap(value);
  if (isNullish(node)) return "no";
  if (role === "filter" && ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return "unknown";
      const operator = propertyNameText(property.name);
      if ((operator === "$eq" || operator === "$in") && ts.isPropertyAssignment(property) && !isNullish(property.initializer)) return "yes";
    }
    return "no";
  }
  return "yes";
}

function branches(
  value: ts.Expression,
  context: AnalysisContext,
  site: ts.Node,
  depth: number,
  combine: (parts: readonly Evidence[]) => Evidence,
): Evidence {
  const node = unwrap(value);
  if (!ts.isArrayLiteralExpression(node)) return "unknown";
  return combine(node.elements.map((element) => (ts.isSpreadElement(element) ? "unknown" : objectCarriesTenant(element, context, "filter", site, depth + 1).evidence)));
}

function identifierEvidence(node: ts.Identifier, context: AnalysisContext, role: ObjectRole, site: ts.Node, depth: number): ObjectVerdict {
  // Writes after the declaration and before the site: `filter.tenantId = t; Campaign.find(filter)`.
  const writes = propertyWrites(node, site);
  if (writes.assigned.some((write) => write.name !== undefined && isTenantFieldName(write.name, context))) return { evidence: "yes" };
  const merged = writes.mergedSources.map((source) => objectCarriesTenant(source, context, role, site, depth + 1).evidence);
  if (merged.includes("yes")) return { evidence: "yes" };
  // `const { filter } = req.body; Campaign.find(filter)`: the client's input, given no tenant since.
  if (isRequestInput(node, context)) return { evidence: "no" };
  const { values, opaque } = variableValues(node, context);
  if (opaque) return { evidence: "unknown" };
  const verdicts = values.map((value) => objectCarriesTenant(value, context, role, site, depth + 1));
  const evidence = bothBranches(verdicts.map((verdict) => verdict.evidence));
  // A computed write (`filter[key] = v`) or an unknown merge may add the tenant.
  if (evidence === "no" && (writes.assigned.some((write) => write.name === undefined) || merged.includes("unknown"))) return { evidence: "unknown" };
  const partialOr = verdicts.length === 1 ? verdicts[0]!.partialOr : undefined;
  return partialOr && evidence === "no" ? { evidence, partialOr } : { evidence };
}

function callEvidence(node: ts.CallExpression, context: AnalysisContext, role: ObjectRole, site: ts.Node, depth: number): Evidence {
  const callee = unwrap(node.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== undefined && (context.settings.scopeHelpers.includes(name) || context.projectFacts?.scopeHelpers.has(name))) return "yes";
  if (callee.getText() === "Object.assign") {
    const parts = node.arguments.map((argument) => objectCarriesTenant(argument, context, role, site, depth + 1).evidence);
    // Later sources win: `Object.assign({ tenantId }, req.query)` lets the caller replace the tenant.
    const lastTenant = parts.lastIndexOf("yes");
    if (lastTenant >= 0 && node.arguments.slice(lastTenant + 1).some((argument) => isRequestInput(argument, context))) return "no";
    return anyPart(parts);
  }
  const fn = localFunction(node, context);
  if (fn && depth < 4) {
    const returned = returnedExpressions(fn);
    if (returned.length > 0) return bothBranches(returned.map((value) => objectCarriesTenant(value, context, role, value, depth + 1).evidence));
  }
  return "unknown";
}

/** Whether a function's returned objects always carry the tenant: a scope helper. */
export function returnsTenantScopedObject(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((value) => objectCarriesTenant(value, context, "filter", value).evidence === "yes");
}
