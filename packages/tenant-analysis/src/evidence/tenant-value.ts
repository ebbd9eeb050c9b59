/** Recognising a tenant value: `tenantId`, `req.tenantId`, `req.user.tenantId`, `ctx.tenant.id` when configured. */
import ts from "../typescript.cjs";
import { calleeName, convertedValue, memberPath, propertyNameText, unwrap } from "../ast.js";
import { initialValue, isReassigned, resolveBinding } from "../bindings.js";
import type { AnalysisContext } from "../types.js";

export function isTenantFieldName(name: string, context: AnalysisContext): boolean {
  return context.settings.tenantFields.includes(name);
}

/**
 * An expression that evaluates to a tenant id: an identifier or member named as a tenant
 * field (or ending with a configured dotted path), possibly converted (`String(t)`,
 * `t.toString()`, `new ObjectId(t)`), a `const` holding one, or a name a tenant field was
 * destructured into (`const { tenantId: tid } = req.user`).
 */
export function isTenantValue(expression: ts.Expression, context: AnalysisContext, depth = 0): boolean {
  if (depth > 6) return false;
  const node = unwrap(expression);
  const path = memberPath(node);
  if (path !== undefined && pathIsTenant(path, context)) return true;
  // `als.getStore()?.tenantId`, `currentTenant().tenantId`: the field of whatever object holds it.
  if (ts.isPropertyAccessExpression(node) && isTenantFieldName(node.name.text, context)) return true;
  // `tenantId ?? "default"`: the tenant, with a fallback for when there is none.
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return isTenantValue(node.left, context, depth + 1);
  }
  if (ts.isCallExpression(node) && (namesTenantGetter(node, context) || readsTenantByName(node, context))) return true;
  // `baggage.getEntry("tenantId")?.value`: the entry's value.
  if (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === "value" &&
    ts.isCallExpression(unwrap(node.expression)) &&
    readsTenantByName(unwrap(node.expression) as ts.CallExpression, context)
  )
    return true;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    // String(tenantId), new ObjectId(tenantId), tenantId.toString(), tenantId.trim()
    const converted = convertedValue(node);
    return converted !== undefined && isTenantValue(converted, context, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    if (destructuredFromTenantField(node, context)) return true;
    const value = initialValue(node, context.checker);
    return value !== undefined && value !== node && isTenantValue(value, context, depth + 1);
  }
  return false;
}

const getterPrefixes = ["get", "current", "resolve", "require", "read", "active"];

/** `getTenantId()`, `currentTenantId()`, `ctx.requireTenantId()`: a call whose name says it returns a tenant field. */
function namesTenantGetter(call: ts.CallExpression, context: AnalysisContext): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  return context.settings.tenantFields.some((field) => {
    if (field.includes(".")) return false;
    if (name === field) return true;
    const capitalised = field[0]!.toUpperCase() + field.slice(1);
    return getterPrefixes.some((prefix) => name === prefix + capitalised);
  });
}

/** `this.cls.get("tenantId")`, `ctx.get("tenantId")`: a context store read by the tenant field's name. */
function readsTenantByName(call: ts.CallExpression, context: AnalysisContext): boolean {
  const callee = unwrap(call.expression);
  const [argument] = call.arguments;
  // `cls.get("tenantId")`, `store.get("tenantId")`; OpenTelemetry baggage: `baggage.getEntry("tenantId")`.
  return (
    ts.isPropertyAccessExpression(callee) &&
    (callee.name.text === "get" || callee.name.text === "getEntry") &&
    call.arguments.length === 1 &&
    argument !== undefined &&
    ts.isStringLiteralLike(unwrap(argument)) &&
    isTenantFieldName((unwrap(argument) as ts.StringLiteralLike).text, context)
  );
}

/** `const { tenantId: tid } = req.user`, `({ tenantId: t }) => …`: the name holds that field's value. */
function destructuredFromTenantField(identifier: ts.Identifier, context: AnalysisContext): boolean {
  const binding = resolveBinding(identifier, context.checker);
  if (binding?.kind !== "variable" && binding?.kind !== "parameter") return false;
  const element = binding.name.parent;
  if (!ts.isBindingElement(element) || !ts.isObjectBindingPattern(element.parent) || element.dotDotDotToken)
    return false;
  // A `let` assigned again later may hold anything by the time it is used.
  if (binding.kind === "variable" && !binding.constant && isReassigned(binding.name)) return false;
  const property = propertyNameText(element.propertyName ?? element.name);
  return property !== undefined && isTenantFieldName(property, context);
}

function pathIsTenant(path: string, context: AnalysisContext): boolean {
  // `req.body.tenantId` counts here too: it does scope the query; where it came from is
  // `no-untrusted-tenant-id`'s question, not this one.
  const segments = path.split(".");
  // `workspace.id`, `ctx.project.id`: the id of the tenant's own row is the tenant (`workspaceId`).
  if (segments.length >= 2 && segments.at(-1) === "id" && registryStems(context).has(segments.at(-2)!.toLowerCase()))
    return true;
  return context.settings.tenantFields.some((field) => {
    if (!field.includes(".")) return segments.at(-1) === field;
    return path === field || path.endsWith(`.${field}`);
  });
}

/** `workspace`, `ctx.project`, `req.tenant`: the tenant's own row, whose `id` is the tenant (`workspaceId`). */
export function isTenantRow(expression: ts.Expression, context: AnalysisContext): boolean {
  const path = memberPath(unwrap(expression));
  const last = path?.split(".").at(-1);
  return last !== undefined && registryStems(context).has(last.toLowerCase());
}

const stemCache = new WeakMap<object, ReadonlySet<string>>();

/** `workspaceId` → `workspace`, `tenant_id` → `tenant`: the names a tenant's own row goes by. */
function registryStems(context: AnalysisContext): ReadonlySet<string> {
  let stems = stemCache.get(context.settings);
  if (!stems) {
    stems = new Set(
      context.settings.tenantFields
        .map((field) => /^([A-Za-z]+?)_?[Ii]d$/u.exec(field)?.[1]?.toLowerCase())
        .filter((stem): stem is string => stem !== undefined && stem.length > 1),
    );
    stemCache.set(context.settings, stems);
  }
  return stems;
}
