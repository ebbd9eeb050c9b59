/** Do a log call's arguments (fields, message, extra values) carry the tenant? */
import ts from "../../typescript.cjs";
import { enclosingFunction, memberPath, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import { anyPart, bothBranches, type Evidence } from "../../evidence/evidence.js";
import { localFunction, returnedExpressions, variableValues } from "../../evidence/local-flow.js";
import { isTenantValue } from "../../evidence/tenant-value.js";
import { mentionsTenantRecord } from "../../tenant-owned-record.js";
import type { AnalysisContext } from "../../types.js";
import { calleeText, carriesTenant, mentionsTenant } from "../../tenant-mentions.js";

export const errorName = /^(err|error|e|ex|exception|cause|reason)$/u;

/**
 * One argument of a log call: the fields object, the message, or an extra value. It carries the
 * tenant when a tenant value flows into it; a literal, a template or an object without one does
 * not; a value we cannot see into (a parameter, a spread) is unknown, and an object holding a
 * tenant member elsewhere (`{ user: req.user }` where `req.user.tenantId` is read) is unknown too.
 */
export function argumentEvidence(
  argument: ts.Expression,
  call: ts.CallExpression,
  context: AnalysisContext,
  depth: number,
): Evidence {
  if (depth > 6) return "unknown";
  if (ts.isSpreadElement(argument)) return carriesTenant(argument, context) ? "yes" : "unknown";
  // The tenant, or one tenant-owned record (`envelope.id`, `programId`) that leads to it.
  if (carriesTenant(argument, context) || mentionsTenantRecord(argument, context)) return "yes";
  const node = unwrap(argument);
  if (ts.isObjectLiteralExpression(node)) {
    return anyPart(
      node.properties.map((property): Evidence => {
        if (ts.isSpreadAssignment(property)) return argumentEvidence(property.expression, call, context, depth + 1);
        if (ts.isPropertyAssignment(property)) return carrierEvidence(property.initializer, call, context);
        if (ts.isShorthandPropertyAssignment(property)) return carrierEvidence(property.name, call, context);
        return "no";
      }),
    );
  }
  if (ts.isIdentifier(node)) {
    const binding = resolveBinding(node, context.checker);
    if (!binding) return "no";
    if (binding.kind === "variable") {
      const { values, opaque } = variableValues(node, context);
      if (opaque) return "no"; // destructured: one named piece of something, not the tenant
      const writes = propertyWritesMentionTenant(node, call, context);
      if (writes) return "yes";
      return bothBranches(values.map((value) => argumentEvidence(value, call, context, depth + 1)));
    }
    // A parameter holds whatever the caller passed (an error is never the tenant).
    if (binding.kind === "parameter") return errorName.test(node.text) ? "no" : "unknown";
    return "no";
  }
  if (ts.isCallExpression(node)) {
    const name = calleeText(node);
    if (
      name !== undefined &&
      (context.settings.scopeHelpers.includes(name) || context.projectFacts?.scopeHelpers.has(name))
    )
      return "yes";
    const fn = localFunction(node, context);
    if (fn && depth < 3) {
      const returned = returnedExpressions(fn);
      if (returned.length > 0)
        return bothBranches(returned.map((value) => (carriesTenant(value, context) ? "yes" : "no")));
    }
    // `JSON.stringify(x)`, `err.toString()`: a plain value, unless the tenant flows in (checked above).
    return "no";
  }
  if (ts.isConditionalExpression(node)) {
    return bothBranches([
      argumentEvidence(node.whenTrue, call, context, depth + 1),
      argumentEvidence(node.whenFalse, call, context, depth + 1),
    ]);
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))
    return carrierEvidence(node, call, context);
  return "no";
}

/** A field's value: `unknown` when it is an object whose tenant member is read in the function (`req.user`, `job.data`). */
export function carrierEvidence(value: ts.Expression, call: ts.CallExpression, context: AnalysisContext): Evidence {
  const path = memberPath(value);
  if (path === undefined) return "no";
  const fn = enclosingFunction(call);
  let carries = false;
  const visit = (node: ts.Node): void => {
    if (carries) return;
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isTenantValue(node, context)) {
      const read = memberPath(node.expression);
      if (read === path) {
        carries = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return carries ? "unknown" : "no";
}

/** `meta.tenantId = tenantId` (or `Object.assign(meta, { tenantId })`) before the log call. */
export function propertyWritesMentionTenant(
  identifier: ts.Identifier,
  call: ts.CallExpression,
  context: AnalysisContext,
): boolean {
  const fn = enclosingFunction(call);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= call.pos) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(node.left);
      if (
        (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) &&
        memberPath(left.expression) === identifier.text
      ) {
        if (mentionsTenant(node.right, context) || isTenantValue(left, context)) found = true;
      }
    }
    if (ts.isCallExpression(node) && unwrap(node.expression).getText() === "Object.assign") {
      const [first, ...rest] = node.arguments;
      if (first && memberPath(first) === identifier.text && rest.some((source) => mentionsTenant(source, context)))
        found = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reporting
