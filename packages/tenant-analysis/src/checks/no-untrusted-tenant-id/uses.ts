/** Judging the uses of an untrusted tenant id: compared with the verified tenant, authorised, or used. */
import ts from "../../typescript.cjs";
import { enclosingFunction, isAccess, memberPath, unwrap, accessedName } from "../../ast.js";
import { initialValue, resolveBinding } from "../../bindings.js";
import { authorisationAt } from "../../authorisation.js";
import { placeOf } from "../../client-input.js";
import { isAssertedEqual, isComparedWithVerified, isGuarded, isPresenceTest } from "../../compared-with-tenant.js";
import { isTenantValue } from "../../evidence/tenant-value.js";
import { type Analysis, namedRead, type Read, type UseVerdict, verifiedEarlier } from "./reads.js";

export function readVerdict(read: Read, analysis: Analysis): UseVerdict {
  if (read.source === "decoded token" && verifiedEarlier(read.node, analysis.context)) return "guarded";
  if (!read.holder) {
    const node = read.node as ts.Expression;
    return useVerdict(node, (candidate) => sameRead(candidate, node), analysis);
  }
  const holder = read.holder;
  const denotes = (candidate: ts.Expression): boolean => {
    const inner = unwrap(candidate);
    return ts.isIdentifier(inner) && inner.text === holder.text && bindingName(inner, analysis) === holder;
  };
  const uses = usesOf(holder, analysis);
  if (uses.length === 0) {
    // `const { tenantId: _ignored, ...changes } = req.body`: destructured only to strip it from the rest.
    if (
      ts.isBindingElement(read.node) &&
      ts.isObjectBindingPattern(read.node.parent) &&
      read.node.parent.elements.some((element) => element.dotDotDotToken)
    )
      return "guarded";
    // Read into a variable that is never used: nothing compares it, so the read itself is the finding.
    return "use";
  }
  const verdicts = uses.map((use) => useVerdict(use, denotes, analysis));
  if (verdicts.includes("use")) return "use";
  return verdicts.includes("unknown") ? "unknown" : "guarded";
}

export function bindingName(identifier: ts.Identifier, analysis: Analysis): ts.Identifier | undefined {
  const binding = resolveBinding(identifier, analysis.context.checker);
  return binding?.kind === "variable" || binding?.kind === "parameter" ? binding.name : undefined;
}

export function usesOf(holder: ts.Identifier, analysis: Analysis): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  const scope = enclosingFunction(holder);
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== holder &&
      node.text === holder.text &&
      isValueReference(node) &&
      bindingName(node, analysis) === holder
    ) {
      uses.push(node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return uses;
}

/** Not a property name (`x.tenantId`, `{ tenantId: … }`) or a declaration. */
export function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (
    (ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isParameter(parent)) &&
    parent.name === node
  )
    return false;
  return true;
}

export function sameRead(candidate: ts.Expression, read: ts.Expression): boolean {
  const node = unwrap(candidate);
  if (node === read) return true;
  const a = memberPath(node);
  const b = memberPath(read);
  if (a !== undefined && b !== undefined) return a === b;
  return ts.isCallExpression(node) && ts.isCallExpression(read) && compact(node.getText()) === compact(read.getText());
}

export function compact(text: string): string {
  return text.replace(/\s+/gu, "").replaceAll("'", '"');
}

/**
 * One use of the untrusted value: a comparison with the verified tenant ("check"), a presence test
 * (also "check"), guarded by an earlier or enclosing comparison ("guarded"), after a call that may
 * authorise it ("unknown"), or a plain use.
 */
export function useVerdict(
  use: ts.Expression,
  denotes: (expression: ts.Expression) => boolean,
  analysis: Analysis,
): UseVerdict {
  const isVerified = (expression: ts.Expression): boolean => isVerifiedTenant(expression, analysis);
  if (
    isComparedWithVerified(use, denotes, isVerified) ||
    isAssertedEqual(use, denotes, isVerified) ||
    isPresenceTest(use)
  )
    return "check";
  if (isGuarded(use, denotes, isVerified)) return "guarded";
  // Handed to a function that authorises it for the verified user (`await assertMember(teamId, req.user)`).
  const byCall = authorisationAt(use, denotes, isVerified, analysis.context);
  return byCall === "authorised" ? "check" : byCall === "unknown" ? "unknown" : "use";
}

/** A tenant value not read from the request or a decoded token: `req.user.tenantId`, `req.tenantId`, `claims.tenantId`. */
export function isVerifiedTenant(expression: ts.Expression, analysis: Analysis): boolean {
  const node = unwrap(expression);
  // `verified(request).tenantId`, `(await session()).tenantId`: a tenant field of a call's result.
  const tenantMember = isAccess(node) && analysis.context.settings.tenantFields.includes(accessedName(node) ?? "");
  if (!tenantMember && !isTenantValue(node, analysis.context)) return false;
  return !isUntrusted(node, analysis);
}

export function isUntrusted(node: ts.Expression, analysis: Analysis): boolean {
  if (ts.isIdentifier(node)) {
    const name = bindingName(node, analysis);
    if (name && analysis.holders.has(name)) return true;
    const value = initialValue(node, analysis.context.checker);
    return value !== undefined && value !== node && isUntrusted(unwrap(value), analysis);
  }
  if (isAccess(node)) return placeOf(node, analysis.context, 0)?.kind === "source";
  if (ts.isCallExpression(node)) return namedRead(node, analysis.context) !== undefined;
  return false;
}
