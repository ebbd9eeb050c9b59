/**
 * Authorisation, as opposed to authentication: a check that the verified identity may act on a
 * tenant or resource the request names (membership, ownership, a platform role), refusing
 * otherwise. Signing a user in (`requireAuth`, `checkJwt`, `passport.authenticate(...)`) says
 * who they are, not which tenants they may touch.
 */
import ts from "./typescript.cjs";
import { accessedName, alwaysLeaves, contains, enclosingFunction, isAccess, memberPath, unwrap } from "./ast.js";
import type { IsVerified } from "./compared-with-tenant.js";

/**
 * An earlier check we cannot see into: the value goes into a call that also receives the
 * verified identity (`if (!(await canAccess(req.user, tenantId))) return`,
 * `await assertMember(user, tenantId)`), in an `if` condition or as a statement of its own.
 */
export function authorisedByCall(use: ts.Node, denotes: (expression: ts.Expression) => boolean, isVerified: IsVerified): boolean {
  const fn = enclosingFunction(use);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= use.pos) return;
    if (ts.isCallExpression(node) && node.end <= use.pos && isCheckPosition(node) && callReceives(node, denotes) && mentionsIdentity(node, denotes, isVerified)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** Callees named like a check, for calls made as statements of their own (`await assertMember(user, t)`). */
export const checkLikeCallee = /^(assert|ensure|check|verify|authori[sz]e|can|require|guard|validate)/iu;

/**
 * In an `if` condition (its result decides), a statement of its own calling a check-like
 * function, or a lookup whose result is tested before going on (`const m = await
 * Membership.findOne({ userId: req.user.id, tenantId }); if (!m) return 403`).
 */
export function isCheckPosition(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (node.parent && !ts.isStatement(node.parent)) node = node.parent;
  const statement = node.parent;
  if (!statement) return false;
  if (ts.isIfStatement(statement)) return statement.expression === node;
  if (ts.isVariableStatement(statement)) return resultGuardsExit(call, statement);
  if (!ts.isExpressionStatement(statement) || unwrap(statement.expression) !== call) return false;
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : isAccess(callee) ? accessedName(callee) : undefined;
  return name !== undefined && checkLikeCallee.test(name);
}

/** The call's result, held in a variable, is tested by a later `if` of the same block that leaves. */
export function resultGuardsExit(call: ts.CallExpression, statement: ts.VariableStatement): boolean {
  let node: ts.Node = call;
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return false;
  const name = declaration.name.text;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  const later = block.statements.slice(block.statements.indexOf(statement) + 1);
  return later.some((candidate) => ts.isIfStatement(candidate) && alwaysLeaves(candidate.thenStatement) && mentionsName(candidate.expression, name));
}

export function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentionsName(child, name) || undefined) ?? false;
}

export function callReceives(call: ts.CallExpression, denotes: (expression: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isExpression(node) && denotes(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  call.arguments.forEach(visit);
  return found;
}

export const identityName = /^(user|session|auth|principal|claims|membership|memberships|account|identity|state|locals)$/iu;

/** `req.user.tenantIds`, `session.memberships`: a list hanging off the verified identity. */
export function ownedByIdentity(expression: ts.Expression): boolean {
  const path = memberPath(unwrap(expression));
  return path !== undefined && path.split(".").slice(0, -1).some((segment) => identityName.test(segment));
}

export function mentionsIdentity(call: ts.CallExpression, denotes: (expression: ts.Expression) => boolean, isVerified: IsVerified): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // Property names (`{ tenantId: … }`, `x.user`) are not values; only the chain they end counts.
    const isName = ts.isIdentifier(node) && ((ts.isPropertyAssignment(node.parent) && node.parent.name === node) || (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node));
    if (isName) return;
    if (isAccess(node) && identityName.test(accessedName(node) ?? "")) found = true;
    else if (ts.isIdentifier(node) && identityName.test(node.text)) found = true;
    else if (ts.isExpression(node) && !denotes(node) && (ts.isIdentifier(node) || isAccess(node)) && isVerified(node)) found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(call);
  return found;
}

export function insideAuthorisationCall(use: ts.Node, denotes: (expression: ts.Expression) => boolean, isVerified: IsVerified): boolean {
  for (let node = use.parent; node && !ts.isFunctionLike(node) && !ts.isStatement(node); node = node.parent) {
    if (ts.isCallExpression(node) && node.arguments.some((argument) => contains(argument, use)) && isCheckPosition(node) && mentionsIdentity(node, denotes, isVerified)) return true;
  }
  return false;
}

/** Platform-wide roles only: a tenant's own "admin" is no licence to name another tenant. */
export const roleCheck = /(super_?admin|superuser|platform_?admin|isStaff|\bstaff\b|\binternal\b)/iu;

/**
 * Code a platform role check lets through: after `if (req.user.role !== "superadmin") return 403`, or in
 * the branch of `req.user.role === "superadmin" && req.query.tenantId ? … : …`. An admin acting
 * on a tenant named in the request is an authorisation decision we cannot judge: unverified.
 */
export function afterRoleCheck(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isBlock(parent)) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && alwaysLeaves(statement.thenStatement) && roleCheck.test(statement.expression.getText())) return true;
      }
    }
    if (ts.isConditionalExpression(parent) && child === parent.whenTrue && roleCheck.test(parent.condition.getText())) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right && roleCheck.test(parent.left.getText())) return true;
    if (ts.isFunctionLike(parent)) break;
  }
  return false;
}
