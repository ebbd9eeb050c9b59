/**
 * Authorisation, as opposed to authentication: a check that the verified identity may act on a
 * tenant or resource the request names (membership, ownership, a platform role), refusing
 * otherwise. Signing a user in (`requireAuth`, `checkJwt`, `passport.authenticate(...)`) says
 * who they are, not which tenants they may touch.
 */
import ts from "./typescript.cjs";
import {
  accessedName,
  alwaysLeaves,
  contains,
  enclosingFunction,
  enclosingValue,
  isAccess,
  propertyNameText,
  unwrap,
} from "./ast.js";
import type { IsVerified } from "./compared-with-tenant.js";
import { identityName } from "./identity.js";
import { authorisationSummary, awaitedOrSync } from "./summaries/authorisation.js";
import { calledFunction } from "./summaries/callee.js";
import type { AnalysisContext } from "./types.js";
import { getFileFacts } from "./file-facts.js";
import { isRegisteredHandler, middlewareNamed } from "./request-sources.js";

export { identityName, ownedByIdentity } from "./identity.js";

/** What the calls before a use say about it: authorised, perhaps (a check we cannot see into), or nothing. */
export type CallAuthorisation = "authorised" | "unknown" | "none";

/**
 * The value at `use` goes, before it, into a call that also receives the verified identity:
 * - the callee's summary says it refuses (throws) unless authorised, and the awaited call runs
 *   before the use on every path (its statement's block encloses the use): authorised;
 * - the summary says it returns the verdict, and the caller tests it and leaves
 *   (`if (!(await canAccess(user, teamId))) return 403`): authorised;
 * - the callee cannot be summarised (in another file without types, beyond the depth bound) and
 *   the call sits where a check would (`await assertMember(user, t)`, an `if` condition, a
 *   result tested before going on): unknown, never clean;
 * - a callee whose summary shows no such check authorises nothing.
 * The use itself may be an argument of the authorising call: then it is the check.
 */
export function authorisationAt(
  use: ts.Node,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
  context: AnalysisContext,
): CallAuthorisation {
  const fn = enclosingFunction(use);
  let verdict: CallAuthorisation = "none";
  const judge = (call: ts.CallExpression, containsUse: boolean): void => {
    if (verdict === "authorised" || !callReceives(call, denotes) || !mentionsIdentity(call, denotes, isVerified))
      return;
    // Methods are resolved only when named like a check (`access.assertMember(…)`): a data layer's
    // lookup (`Membership.findOne({ userId, tenantId })`) is judged by how its result is tested.
    const callee = unwrap(call.expression);
    const methods = ts.isPropertyAccessExpression(callee) && checkLikeCallee.test(callee.name.text);
    const target = calledFunction(call, context, { methods });
    if (!target && ts.isPropertyAccessExpression(callee) && !methods) {
      if (isCheckPosition(call)) verdict = "unknown";
      return;
    }
    const summary = target ? authorisationSummary(target, context) : "unknown";
    if (summary === "unknown") {
      if (isCheckPosition(call)) verdict = "unknown";
      return;
    }
    const index = call.arguments.findIndex((argument) => holds(argument, denotes));
    const refused =
      summary.refuses.has(index) ||
      optionsProperties(call.arguments[index], denotes).some((name) =>
        summary.refusesProperties?.has(`${index}.${name}`),
      );
    if (refused && (containsUse || (awaitedOrSync(call, target!) && runsBefore(call, use)))) verdict = "authorised";
    else if (summary.tests.has(index) && (containsUse || testedAndLeft(call))) verdict = "authorised";
  };
  for (let node = use.parent; node && !ts.isFunctionLike(node) && !ts.isStatement(node); node = node.parent) {
    if (ts.isCallExpression(node) && node.arguments.some((argument) => contains(argument, use))) judge(node, true);
  }
  const visit = (node: ts.Node): void => {
    if (verdict === "authorised" || node.pos >= use.pos) return;
    if (ts.isCallExpression(node) && node.end <= use.pos) judge(node, false);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return verdict;
}

/** `{ teamId: input.teamId, userId }`: the properties of an options object whose values hold the use. */
function optionsProperties(
  argument: ts.Expression | undefined,
  denotes: (expression: ts.Expression) => boolean,
): string[] {
  const object = argument && unwrap(argument);
  if (!object || !ts.isObjectLiteralExpression(object)) return [];
  return object.properties.flatMap((property) => {
    if (ts.isShorthandPropertyAssignment(property)) return denotes(property.name) ? [property.name.text] : [];
    if (!ts.isPropertyAssignment(property) || !holds(property.initializer, denotes)) return [];
    const name = propertyNameText(property.name);
    return name === undefined ? [] : [name];
  });
}

/** The call's statement sits in a block that also holds `use`: it ran on the way there. */
function runsBefore(call: ts.CallExpression, use: ts.Node): boolean {
  let statement: ts.Node = call;
  while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) {
    if (ts.isFunctionLike(statement.parent)) return false;
    statement = statement.parent;
  }
  return statement.parent !== undefined && contains(statement.parent, use);
}

/** `if (!(await canAccess(…))) return …`, or its result held and tested by an `if` that leaves. */
function testedAndLeft(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (node.parent && !ts.isStatement(node.parent)) node = node.parent;
  const statement = node.parent;
  if (statement && ts.isIfStatement(statement) && statement.expression === node) {
    const condition = unwrap(statement.expression);
    return (
      alwaysLeaves(statement.thenStatement) &&
      ts.isPrefixUnaryExpression(condition) &&
      condition.operator === ts.SyntaxKind.ExclamationToken
    );
  }
  return Boolean(statement && ts.isVariableStatement(statement) && resultGuardsExit(call, statement));
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
  const node = enclosingValue(call);
  const declaration = node.parent;
  if (
    !declaration ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== node ||
    !ts.isIdentifier(declaration.name)
  )
    return false;
  const name = declaration.name.text;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  const later = block.statements.slice(block.statements.indexOf(statement) + 1);
  return later.some(
    (candidate) =>
      ts.isIfStatement(candidate) && alwaysLeaves(candidate.thenStatement) && mentionsName(candidate.expression, name),
  );
}

export function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentionsName(child, name) || undefined) ?? false;
}

export function callReceives(call: ts.CallExpression, denotes: (expression: ts.Expression) => boolean): boolean {
  return call.arguments.some((argument) => holds(argument, denotes));
}

/** The expression is, or contains, a value `denotes` names. */
function holds(root: ts.Node, denotes: (expression: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isExpression(node) && denotes(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

export function mentionsIdentity(
  call: ts.CallExpression,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // Property names (`{ tenantId: … }`, `x.user`) are not values; only the chain they end counts.
    const isName =
      ts.isIdentifier(node) &&
      ((ts.isPropertyAssignment(node.parent) && node.parent.name === node) ||
        (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node));
    if (isName) return;
    if (isAccess(node) && identityName.test(accessedName(node) ?? "")) found = true;
    else if (ts.isIdentifier(node) && identityName.test(node.text)) found = true;
    else if (ts.isExpression(node) && !denotes(node) && (ts.isIdentifier(node) || isAccess(node)) && isVerified(node))
      found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(call);
  return found;
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
        if (
          ts.isIfStatement(statement) &&
          alwaysLeaves(statement.thenStatement) &&
          roleCheck.test(statement.expression.getText())
        )
          return true;
      }
    }
    if (ts.isConditionalExpression(parent) && child === parent.whenTrue && roleCheck.test(parent.condition.getText()))
      return true;
    if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      child === parent.right &&
      roleCheck.test(parent.left.getText())
    )
      return true;
    if (ts.isFunctionLike(parent)) break;
  }
  return false;
}

/**
 * Route-level middleware registered before the handler that is an authorisation step
 * (`requireRole("owner")`, `requireSuperAdmin`, `authorize("tenants:manage")`): what it allows is
 * not visible here. Authentication middleware (`requireAuth`, `checkJwt`) is not one.
 */
export function routeAuthorisation(
  fn: ts.FunctionLikeDeclaration,
  context: AnalysisContext,
): ts.Expression | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !isRegisteredHandler(fn, context)) return undefined;
  const index = call.arguments.indexOf(fn as unknown as ts.Expression);
  return call.arguments.slice(0, index).find((argument) => isAuthorisationMiddleware(argument));
}

/** `adminRouter.use(requireSuperAdmin)` in the file: authorisation middleware for every route of that router. */
export function routerAuthorised(router: string, sourceFile: ts.SourceFile): boolean {
  return getFileFacts(sourceFile).calls.some((call) => {
    const callee = unwrap(call.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "use" &&
      unwrap(callee.expression).getText().replace(/\s+/gu, "") === router &&
      call.arguments.some((argument) => isAuthorisationMiddleware(argument))
    );
  });
}

const authorisationName =
  /(authori[sz]|permission|role|admin|owner|scope|guard|policy|Guard$|Policy|Permission|Role|^can[A-Z]?|^require|^ensure|^check)/u;

/**
 * Authentication, not authorisation: it establishes who the user is (`requireAuth`, `checkJwt`,
 * `ensureLoggedIn`, `authenticate`, `passport.authenticate("jwt")`, `verifyToken`), and says
 * nothing about which tenant they may name.
 */
const authenticationName =
  /^((require|ensure|check|verify|validate|is|with|needs?)?_?(auth|authed|authenticated|authentication|login|logged_?in|signed_?in|jwt|token|access_?token|session|user|bearer|api_?key|identity)|authenticate\w*|passport\w*|(jwt|local|session|api_?key|bearer|access_?token|gql|clerk|firebase)?_?auth(entication|enticated)?_?guard)$/iu;

/** A middleware that authorises (a role, a permission, an ownership check), named as such and not an authentication step. */
export function isAuthorisationMiddleware(argument: ts.Expression): boolean {
  return middlewareNamed(argument, authorisationName) && !middlewareNamed(argument, authenticationName);
}

/** NestJS decorators that authorise a controller or handler by role, permission or policy. */
const authorisationDecorator =
  /^(Roles|RequireRoles?|RequiredRoles?|Permissions?|RequirePermissions?|Policies|CheckPolicies|Scopes|RequireScopes?|TeamRoles?|OrgRoles?)$/u;

/**
 * NestJS: a handler method, or its controller class, decorated with a guard that authorises
 * (`@UseGuards(TeamMemberGuard)`, not `@UseGuards(AuthGuard("jwt"))`) or a role, permission or
 * policy decorator (`@Roles("admin")`): what it allows is out of sight.
 */
export function decoratorAuthorisation(fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isMethodDeclaration(fn)) return false;
  const owners: ts.Node[] = [fn, ...(ts.isClassLike(fn.parent) ? [fn.parent] : [])];
  return owners.some((owner) =>
    (ts.canHaveDecorators(owner) ? (ts.getDecorators(owner) ?? []) : []).some((decorator) => {
      const call = decorator.expression;
      if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return false;
      const name = call.expression.text;
      if (authorisationDecorator.test(name)) return true;
      return name === "UseGuards" && call.arguments.some((argument) => isAuthorisationMiddleware(argument));
    }),
  );
}
