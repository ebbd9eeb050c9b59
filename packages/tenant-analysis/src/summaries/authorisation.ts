/**
 * Summary: "authorises parameter k for the caller". A function authorises its parameter k when
 * it relates k to the verified identity it is given (another parameter: `user`, `userId`,
 * `actor`, or a request whose `user` it reads) and refuses otherwise:
 * - `refuses`: it throws when they do not match (`if (!membership) throw new Forbidden()`,
 *   `if (team.ownerId !== user.id) throw …`, `assert(user.teamIds.includes(teamId))`, a lookup
 *   that throws on a miss: `findFirstOrThrow({ where: { id: teamId, userId } })`, or a call of
 *   another function that refuses), so code after an awaited call runs only when authorised;
 * - `tests`: it returns the verdict (`return membership !== null`, `return user.teamIds.includes(t)`),
 *   so only a caller that tests the result and leaves is authorised.
 * A `return res.status(403)` in a helper stops the helper, not its caller: it is no refusal.
 */
import ts from "../typescript.cjs";
import { alwaysLeaves, boundNames, memberPath, propertyNameText, unwrap } from "../ast.js";
import { identityName } from "../identity.js";
import type { AnalysisContext } from "../types.js";
import { summarise } from "./cache.js";
import { calledFunction } from "./callee.js";

export interface AuthorisationSummary {
  /** Parameters the function refuses (throws) unless the identity may use them. */
  readonly refuses: ReadonlySet<number>;
  /** Parameters whose authorisation the function returns as its result. */
  readonly tests: ReadonlySet<number>;
  /**
   * Properties of a destructured options parameter that also carries the identity
   * (`({ userId, teamId }) => …`), as `<index>.<property>`: refused unless authorised.
   */
  readonly refusesProperties?: ReadonlySet<string>;
}

export type AuthorisationFact = AuthorisationSummary | "unknown";

const none: AuthorisationSummary = { refuses: new Set(), tests: new Set() };

/** Parameter names that stand for the verified identity (the caller hands in who is asking). */
const identityParameter =
  /^(user|userId|uid|actor|actorId|principal|session|auth|member|memberId|account|accountId|viewer|viewerId|currentUser|me|caller|requester|requesterId|identity|claims)$/iu;

export function authorisationSummary(
  fn: ts.FunctionLikeDeclaration,
  context: AnalysisContext,
  depth = 0,
): AuthorisationFact {
  return summarise("authorisation", fn, context, depth, "unknown" as AuthorisationFact, () =>
    computeSummary(fn, context, depth),
  );
}

interface Roles {
  /** Names bound by each parameter. */
  readonly parameters: readonly (readonly string[])[];
  readonly identity: ReadonlySet<string>;
  /** Local variables and what they were computed from (`const team = await Team.findById(teamId)`). */
  readonly derived: ReadonlyMap<string, ts.Expression>;
}

function computeSummary(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth: number): AuthorisationFact {
  if (!fn.body) return "unknown";
  const parameters = fn.parameters.map((parameter) => boundNames(parameter.name).map((id) => id.text));
  const identity = new Set<string>();
  parameters.forEach((names, index) => {
    for (const name of names)
      if (identityParameter.test(name) || requestUser(fn.parameters[index]!)) identity.add(name);
  });
  if (identity.size === 0) return none;
  const derived = new Map<string, ts.Expression>();
  forEachOwnNode(fn.body, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer)
      for (const id of boundNames(node.name)) derived.set(id.text, node.initializer);
  });
  const roles: Roles = { parameters, identity, derived };
  const refuses = new Set<number>();
  const tests = new Set<number>();
  const refusesProperties = new Set<string>();
  let unseen = false;
  parameters.forEach((names, index) => {
    if (names.length === 0) return;
    const pattern = fn.parameters[index]!.name;
    if (names.some((name) => identity.has(name))) {
      // `({ userId, teamId })`: one options object with the identity and what it authorises.
      if (!ts.isObjectBindingPattern(pattern)) return;
      for (const element of pattern.elements) {
        if (element.dotDotDotToken || !ts.isIdentifier(element.name) || identity.has(element.name.text)) continue;
        const property = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
        if (property === undefined) continue;
        const only = new Set([element.name.text]);
        const from = (node: ts.Node): boolean => dependsOn(node, only, roles, 0);
        if (parameterVerdict(fn, from, roles, context, depth) === "refuses")
          refusesProperties.add(`${index}.${property}`);
      }
      return;
    }
    const from = (node: ts.Node): boolean => dependsOn(node, new Set(names), roles, 0);
    const verdict = parameterVerdict(fn, from, roles, context, depth);
    if (verdict === "refuses") refuses.add(index);
    else if (verdict === "tests") tests.add(index);
    else if (verdict === "unknown") unseen = true;
  });
  if (refuses.size === 0 && tests.size === 0 && refusesProperties.size === 0 && unseen) return "unknown";
  return { refuses, tests, refusesProperties };
}

/** A request parameter (`req`) whose `user` is read: the identity rides on it. */
function requestUser(parameter: ts.ParameterDeclaration): boolean {
  return ts.isIdentifier(parameter.name) && /^(req|request|ctx)$/u.test(parameter.name.text);
}

type ParameterVerdict = "refuses" | "tests" | "none" | "unknown";

function parameterVerdict(
  fn: ts.FunctionLikeDeclaration,
  fromParameter: (node: ts.Node) => boolean,
  roles: Roles,
  context: AnalysisContext,
  depth: number,
): ParameterVerdict {
  const related = (node: ts.Node): boolean => relates(node, fromParameter, roles);
  let verdict: ParameterVerdict = "none";
  const body = fn.body!;
  if (!ts.isBlock(body)) return related(body) ? "tests" : "none";
  forEachOwnNode(body, (node) => {
    if (verdict === "refuses") return;
    // `if (<not related>) throw …`: the mismatch leaves by an exception the caller cannot ignore.
    if (ts.isIfStatement(node) && throws(node.thenStatement) && related(node.expression)) verdict = "refuses";
    else if (ts.isThrowStatement(node) && ts.isIfStatement(node.parent) && related(node.parent.expression))
      verdict = "refuses";
    else if (ts.isCallExpression(node)) {
      const call = node;
      const name = calleeName(call);
      // `assert(user.teamIds.includes(teamId))`, `invariant(m, "forbidden")` after a related lookup.
      if (
        name !== undefined &&
        /^(assert|assert\.ok|invariant|ok)$/u.test(name) &&
        call.arguments[0] &&
        related(call.arguments[0])
      )
        verdict = "refuses";
      // `findFirstOrThrow({ where: { id: teamId, members: { some: { userId } } } })`: a miss throws.
      else if (name !== undefined && /(OrThrow|OrFail)$/u.test(name) && related(call)) verdict = "refuses";
      else if (verdict === "none" || verdict === "unknown") {
        const nested = nestedVerdict(call, fromParameter, roles, context, depth);
        if (nested === "refuses") verdict = "refuses";
        else if (nested === "unknown") verdict = "unknown";
      }
    } else if (ts.isReturnStatement(node) && node.expression && verdict === "none" && related(node.expression))
      verdict = "tests";
  });
  return verdict;
}

/** A call of another function that refuses for the argument we pass it (with the identity): refuses too. */
function nestedVerdict(
  call: ts.CallExpression,
  fromParameter: (node: ts.Node) => boolean,
  roles: Roles,
  context: AnalysisContext,
  depth: number,
): ParameterVerdict {
  const index = call.arguments.findIndex((argument) => fromParameter(argument));
  if (index < 0 || !call.arguments.some((argument) => fromIdentity(argument, roles))) return "none";
  const target = calledFunction(call, context, { methods: false });
  // A function we cannot see (imported, without types) may be the check; a method of a data
  // object (`db.findOne(…)`) is a lookup, judged by how its result is tested.
  if (!target) return ts.isIdentifier(unwrap(call.expression)) ? "unknown" : "none";
  const summary = authorisationSummary(target, context, depth + 1);
  if (summary === "unknown") return "unknown";
  return summary.refuses.has(index) && awaitedOrSync(call, target) ? "refuses" : "none";
}

/** An async refusal is a rejected promise: only awaited (or returned) does it stop the caller. */
export function awaitedOrSync(call: ts.CallExpression, target: ts.FunctionLikeDeclaration): boolean {
  const isAsync = (ts.getCombinedModifierFlags(target as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  if (!isAsync) return true;
  let node: ts.Node = call;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)))
    node = node.parent;
  return Boolean(node.parent && (ts.isAwaitExpression(node.parent) || ts.isReturnStatement(node.parent)));
}

/**
 * A condition or result that relates the parameter to the identity in one value: a comparison of
 * one with the other (`team.ownerId !== user.id`), a value computed from both (a membership
 * looked up by both), or a call given both (`user.teamIds.includes(teamId)`). Testing each for
 * presence (`!teamId || !user`) relates nothing.
 */
function relates(expression: ts.Node, fromParameter: (node: ts.Node) => boolean, roles: Roles): boolean {
  const node = ts.isExpression(expression) ? unwrap(expression) : expression;
  if (ts.isPrefixUnaryExpression(node)) return relates(node.operand, fromParameter, roles);
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    if (kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.AmpersandAmpersandToken)
      return relates(node.left, fromParameter, roles) || relates(node.right, fromParameter, roles);
    if (
      kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      kind === ts.SyntaxKind.EqualsEqualsToken ||
      kind === ts.SyntaxKind.ExclamationEqualsToken
    ) {
      return (
        (fromParameter(node.left) && fromIdentity(node.right, roles)) ||
        (fromIdentity(node.left, roles) && fromParameter(node.right)) ||
        (single(node.left, fromParameter, roles) && isNullishLiteral(node.right))
      );
    }
    return false;
  }
  return single(node, fromParameter, roles);
}

/** One value (a variable, a member of one, a call) whose computation involves both. */
function single(node: ts.Node, fromParameter: (node: ts.Node) => boolean, roles: Roles): boolean {
  const inner = ts.isExpression(node) ? unwrap(node) : node;
  if (
    !ts.isIdentifier(inner) &&
    !ts.isPropertyAccessExpression(inner) &&
    !ts.isCallExpression(inner) &&
    !ts.isElementAccessExpression(inner)
  )
    return false;
  return fromParameter(inner) && fromIdentity(inner, roles);
}

function isNullishLiteral(node: ts.Expression): boolean {
  const inner = unwrap(node);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined");
}

function throws(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && ts.isThrowStatement(last) && alwaysLeaves(statement);
  }
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee))
    return ts.isIdentifier(callee.expression) && callee.expression.text === "assert"
      ? `assert.${callee.name.text}`
      : callee.name.text;
  return undefined;
}

/** Whether the expression's value flows from one of `names` (directly, or through local variables computed from them). */
function dependsOn(node: ts.Node, names: ReadonlySet<string>, roles: Roles, depth: number): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && isValue(child)) {
      if (names.has(child.text)) found = true;
      else if (depth < 3) {
        const initializer = roles.derived.get(child.text);
        if (initializer && dependsOn(initializer, names, roles, depth + 1)) found = true;
      }
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The expression involves the verified identity: an identity parameter, `req.user`, or a variable computed from them. */
function fromIdentity(node: ts.Node, roles: Roles): boolean {
  if (dependsOn(node, roles.identity, roles, 0) && mentionsIdentityValue(node, roles, 0)) return true;
  return false;
}

/** An identity name itself, or a member of a request that is the user (`req.user.id`), not `req.params.x`. */
function mentionsIdentityValue(node: ts.Node, roles: Roles, depth: number): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && isValue(child)) {
      if (roles.identity.has(child.text)) {
        found = !/^(req|request|ctx)$/u.test(child.text) || identityMember(child);
      } else if (depth < 3) {
        const initializer = roles.derived.get(child.text);
        if (initializer && mentionsIdentityValue(initializer, roles, depth + 1)) found = true;
      }
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** `req.user`, `ctx.state.user`: a request's verified identity, as opposed to what the client sent. */
function identityMember(identifier: ts.Identifier): boolean {
  let node: ts.Node = identifier;
  while (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) node = node.parent;
  const path = ts.isPropertyAccessExpression(node) ? memberPath(node) : undefined;
  return (
    path !== undefined &&
    path
      .split(".")
      .slice(1)
      .some((segment) => identityName.test(segment))
  );
}

function isValue(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  if (
    (ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isParameter(parent)) &&
    parent.name === identifier
  )
    return false;
  return true;
}

/** Visits every node of a body that is not inside a nested function. */
function forEachOwnNode(body: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    visit(node);
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(body, walk);
}
