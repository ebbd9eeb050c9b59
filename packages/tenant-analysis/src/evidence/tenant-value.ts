/** Recognising a tenant value: `tenantId`, `req.tenantId`, `req.user.tenantId`, `ctx.tenant.id` when configured. */
import ts from "../typescript.cjs";
import { memberPath, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import type { AnalysisContext } from "../types.js";

export function isTenantFieldName(name: string, context: AnalysisContext): boolean {
  return context.settings.tenantFields.includes(name);
}

/**
 * An expression that evaluates to a tenant id: an identifier or member named as a tenant
 * field (or ending with a configured dotted path), possibly converted (`String(t)`,
 * `t.toString()`, `new ObjectId(t)`), or a `const` holding one.
 */
export function isTenantValue(expression: ts.Expression, context: AnalysisContext, depth = 0): boolean {
  if (depth > 6) return false;
  const node = unwrap(expression);
  const path = memberPath(node);
  if (path !== undefined && pathIsTenant(path, context)) return true;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = unwrap(node.expression);
    // String(tenantId), new ObjectId(tenantId), Types.ObjectId(tenantId)
    const argument = node.arguments?.[0];
    if (argument && node.arguments!.length === 1 && /^(String|ObjectId|Types\.ObjectId|mongoose\.Types\.ObjectId|ObjectID)$/u.test(callee.getText())) {
      return isTenantValue(argument, context, depth + 1);
    }
    // tenantId.toString(), tenantId.toHexString(), tenantId.trim()
    if (ts.isPropertyAccessExpression(callee) && /^(toString|toHexString|trim|toLowerCase|valueOf)$/u.test(callee.name.text)) {
      return isTenantValue(callee.expression, context, depth + 1);
    }
    return false;
  }
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    return value !== undefined && value !== node && isTenantValue(value, context, depth + 1);
  }
  return false;
}

function pathIsTenant(path: string, context: AnalysisContext): boolean {
  // `req.body.tenantId` counts here too: it does scope the query; where it came from is
  // `no-untrusted-tenant-id`'s question, not this one.
  const segments = path.split(".");
  return context.settings.tenantFields.some((field) => {
    if (!field.includes(".")) return segments.at(-1) === field;
    return path === field || path.endsWith(`.${field}`);
  });
}
