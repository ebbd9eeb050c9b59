/** Whether the tenant flows into an expression: shared by the log and LLM-limit checks. */
import ts from "./typescript.cjs";
import { isNullish, unwrap } from "./ast.js";
import { isTenantValue } from "./evidence/tenant-value.js";
import type { AnalysisContext } from "./types.js";

/**
 * Some tenant value occurs inside `node` (`tenantId`, `req.user.tenantId`, `` `t:${tenantId}` ``,
 * `{ tenant: tenantId }`, `format(tenantId)`). Property names are not values (`{ tenantId: 1 }`
 * mentions no tenant), and nested functions are skipped (their body runs later, if at all) unless
 * `intoFunctions` is set (a logger's `mixin` runs for every line).
 */
export function mentionsTenant(
  node: ts.Node,
  context: AnalysisContext,
  options: { intoFunctions?: boolean } = {},
): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(child) && !options.intoFunctions) return;
    if (ts.isPropertyAssignment(child)) {
      visit(child.initializer);
      if (ts.isComputedPropertyName(child.name)) visit(child.name.expression);
      return;
    }
    if (
      (ts.isIdentifier(child) ||
        ts.isPropertyAccessExpression(child) ||
        ts.isElementAccessExpression(child) ||
        ts.isCallExpression(child)) &&
      isTenantValue(child, context)
    ) {
      found = true;
      return;
    }
    // A member's name is not a value of its own: only the object it is read from is visited.
    if (ts.isPropertyAccessExpression(child)) {
      // `.tenantId` of a call's result: `als.getStore()?.tenantId`, `currentUser().tenantId`.
      if (context.settings.tenantFields.includes(child.name.text)) {
        found = true;
        return;
      }
      visit(child.expression);
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/**
 * A log's fields, a child logger's bindings or a limiter's options carry the tenant: a tenant value
 * flows in (`mentionsTenant`), or an object literal in it has a tenant field with a value
 * (`{ tenantId: ctx.tenant }`, `{ meta: { tenantId: t } }`), whatever that value is named.
 */
export function carriesTenant(
  node: ts.Node,
  context: AnalysisContext,
  options: { intoFunctions?: boolean } = {},
): boolean {
  if (mentionsTenant(node, context, options)) return true;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(child) && !options.intoFunctions) return;
    if (ts.isPropertyAssignment(child) || ts.isShorthandPropertyAssignment(child)) {
      const name = ts.isIdentifier(child.name) || ts.isStringLiteral(child.name) ? child.name.text : undefined;
      const value = ts.isPropertyAssignment(child) ? child.initializer : child.name;
      if (name !== undefined && context.settings.tenantFields.includes(name) && !isNullish(value)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** Whether an identifier or binding pattern binds a tenant value by name: `tenantId`, `{ tenantId: tid }`. */
export function bindsTenant(name: ts.BindingName, context: AnalysisContext): boolean {
  if (ts.isIdentifier(name)) return context.settings.tenantFields.includes(name.text);
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const property =
      element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
    if (property !== undefined && context.settings.tenantFields.includes(property)) return true;
    if (bindsTenant(element.name, context)) return true;
  }
  return false;
}

/** The call's callee name: `f` for `f()`, `m` for `a.b.m()`. */
export function calleeText(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}
