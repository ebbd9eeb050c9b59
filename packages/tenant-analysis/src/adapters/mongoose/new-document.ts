/**
 * `new Campaign({ … })` then `.save()`: the document carries the tenant when it is built with it,
 * or given it (`doc.tenantId = t`, `doc.set("tenantId", t)`, `Object.assign(doc, { tenantId })`)
 * before it is saved. Handed on or returned before a save, someone else may add it.
 */
import ts from "../../typescript.cjs";
import { chainedCalls, enclosingFunction, isNullish, unwrap } from "../../ast.js";
import type { Evidence } from "../../evidence/evidence.js";
import { propertyWrites } from "../../evidence/local-flow.js";
import { objectCarriesTenant } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";

export function constructedDocumentEvidence(node: ts.NewExpression, context: AnalysisContext): Evidence {
  const evidence = objectCarriesTenant(node.arguments?.[0], context, "document", node).evidence;
  if (evidence !== "no") return evidence;
  let holder: ts.Node = node;
  while (holder.parent && (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent)))
    holder = holder.parent;
  const declaration = holder.parent;
  // `await new Campaign({ name }).save()`: saved at once, so nothing can add the tenant in between.
  if (declaration && ts.isPropertyAccessExpression(declaration) && declaration.expression === holder) {
    const chain = chainedCalls(holder as ts.Expression);
    if (chain.some(({ method, call }) => method === "set" && setCallCarriesTenant(call, context))) return "yes";
    return chain.some(({ method }) => method === "save") ? "no" : "unknown";
  }
  if (declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const writes = propertyWrites(declaration.name, undefined);
    if (writes.assigned.some((write) => write.name !== undefined && isTenantFieldName(write.name, context)))
      return "yes";
    if (setsTenantThroughSetter(declaration.name, context)) return "yes";
    const merged = writes.mergedSources.map(
      (source) => objectCarriesTenant(source, context, "document", node).evidence,
    );
    if (merged.includes("yes")) return "yes";
    if (merged.includes("unknown") || writes.assigned.some((write) => write.name === undefined)) return "unknown";
    // Handed to a helper (`stampTenant(doc)`) or returned before any save: the tenant may be added there.
    if (escapesBeforeSave(declaration.name)) return "unknown";
    return "no";
  }
  // Not stored in a variable we can follow (returned, passed on): someone else may add the tenant.
  return "unknown";
}

/** `doc.set("tenantId", t)` or `doc.set({ tenantId })`. */
function setCallCarriesTenant(call: ts.CallExpression, context: AnalysisContext): boolean {
  const key = call.arguments[0] && unwrap(call.arguments[0]);
  if (!key) return false;
  if (ts.isStringLiteralLike(key))
    return isTenantFieldName(key.text, context) && call.arguments.length > 1 && !isNullish(call.arguments[1]!);
  return ts.isObjectLiteralExpression(key) && objectCarriesTenant(key, context, "document", call).evidence === "yes";
}

function setsTenantThroughSetter(name: ts.Identifier, context: AnalysisContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "set"
    ) {
      const receiver = unwrap(node.expression.expression);
      if (ts.isIdentifier(receiver) && receiver.text === name.text && setCallCarriesTenant(node, context)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(enclosingFunction(name));
  return found;
}

/** Whether the new document is passed to a call or returned before its first `.save()` (or at all, unsaved). */
function escapesBeforeSave(name: ts.Identifier): boolean {
  const scope = enclosingFunction(name);
  let firstSave = Number.POSITIVE_INFINITY;
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text) uses.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  for (const use of uses) {
    const parent = use.parent;
    if (
      parent &&
      ts.isPropertyAccessExpression(parent) &&
      parent.expression === use &&
      parent.name.text === "save" &&
      ts.isCallExpression(parent.parent)
    ) {
      firstSave = Math.min(firstSave, use.pos);
    }
  }
  return uses.some((use) => {
    if (use.pos > firstSave) return false;
    let value: ts.Node = use;
    while (
      value.parent &&
      (ts.isParenthesizedExpression(value.parent) ||
        ts.isAsExpression(value.parent) ||
        ts.isNonNullExpression(value.parent))
    )
      value = value.parent;
    const parent = value.parent;
    if (!parent) return false;
    if (ts.isCallExpression(parent) && parent.arguments.includes(value as ts.Expression)) return true;
    if (ts.isNewExpression(parent) && parent.arguments?.includes(value as ts.Expression)) return true;
    if (
      ts.isReturnStatement(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isShorthandPropertyAssignment(parent)
    )
      return true;
    return ts.isArrowFunction(parent) && parent.body === value;
  });
}
