/**
 * "Compared with the tenant before use": a value taken from somewhere untrusted is fine once the
 * code has compared it with a verified tenant and left on a mismatch, or uses it only where they
 * are equal. `isVerified` says which expressions hold a verified tenant (the caller decides:
 * the request check excludes its own untrusted holders).
 */
import ts from "./typescript.cjs";
import { alwaysLeaves, convertedValue, enclosingFunction, isNullish, stripConversions, unwrap } from "./ast.js";
import { ownedByIdentity } from "./identity.js";

/** Whether an expression holds a verified tenant value. */
export type IsVerified = (expression: ts.Expression) => boolean;

export const equalityOperators = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]);

export const inequalityOperators = new Set([
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** The expression a use sits in, through parentheses, `as`, `!` and conversions (`String(x)`, `x.toString()`, `new ObjectId(x)`). */
export function outermost(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      current = parent;
      continue;
    }
    // `String(x)` is the call around x; `x.toString()` the call around the access.
    const conversion = ts.isPropertyAccessExpression(parent) ? parent.parent : parent;
    if (
      conversion &&
      (ts.isCallExpression(conversion) || ts.isNewExpression(conversion)) &&
      convertedValue(conversion) === unwrap(current as ts.Expression)
    ) {
      current = conversion;
      continue;
    }
    return current;
  }
}

export function isComparedWithVerified(
  use: ts.Expression,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  const node = outermost(use);
  const parent = node.parent;
  // `new Types.ObjectId(t).equals(verified)`, `verified.equals(t)`
  if (
    parent &&
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === node &&
    parent.name.text === "equals" &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.arguments.length === 1
  ) {
    const other = stripConversions(parent.parent.arguments[0]!);
    return !denotes(other) && isVerified(other);
  }
  // `req.user.tenantIds.includes(t)`
  if (
    parent &&
    ts.isCallExpression(parent) &&
    parent.arguments.length === 1 &&
    parent.arguments[0] === node &&
    ts.isPropertyAccessExpression(unwrap(parent.expression))
  ) {
    const callee = unwrap(parent.expression) as ts.PropertyAccessExpression;
    if ((callee.name.text === "includes" || callee.name.text === "has") && ownedByIdentity(callee.expression))
      return true;
  }
  if (
    parent &&
    ts.isCallExpression(parent) &&
    parent.arguments.length === 1 &&
    parent.arguments[0] === node &&
    ts.isPropertyAccessExpression(unwrap(parent.expression)) &&
    (unwrap(parent.expression) as ts.PropertyAccessExpression).name.text === "equals"
  ) {
    const other = stripConversions((unwrap(parent.expression) as ts.PropertyAccessExpression).expression);
    return !denotes(other) && isVerified(other);
  }
  if (!parent || !ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  if (!equalityOperators.has(operator) && !inequalityOperators.has(operator)) return false;
  const other = stripConversions(parent.left === node ? parent.right : parent.left);
  return !denotes(other) && isVerified(other);
}

/** `assert.equal(value, verified)` and its strict and deep forms. */
export function isAssertedEqual(
  use: ts.Expression,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  const node = outermost(use);
  const call = node.parent;
  if (
    !call ||
    !ts.isCallExpression(call) ||
    !/^assert\.(equal|strictEqual|deepStrictEqual|deepEqual)$/u.test(unwrap(call.expression).getText())
  )
    return false;
  const [first, second] = call.arguments;
  return Boolean(
    first &&
    second &&
    ((first === node && !denotes(second) && isVerified(second)) ||
      (second === node && !denotes(first) && isVerified(first))),
  );
}

/** `!x`, `typeof x`, `x == null`, `if (x)`: testing that a value was sent is not using it. */
export function isPresenceTest(use: ts.Expression): boolean {
  let node = outermost(use);
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if (
    ts.isBinaryExpression(parent) &&
    (equalityOperators.has(parent.operatorToken.kind) || inequalityOperators.has(parent.operatorToken.kind))
  ) {
    const other = parent.left === node ? parent.right : parent.left;
    return isNullish(other);
  }
  // Climb `a && b` / `a || b` to the condition they form.
  while (
    node.parent &&
    ts.isBinaryExpression(node.parent) &&
    (node.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
      node.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    node = outermost(node.parent);
  }
  const holder = node.parent;
  return Boolean(
    holder &&
    ((ts.isIfStatement(holder) && holder.expression === node) ||
      (ts.isConditionalExpression(holder) && holder.condition === node)),
  );
}

/** Whether `condition`, evaluating to `outcome`, implies that the value equals a verified tenant. */
export function impliesEqual(
  condition: ts.Expression,
  outcome: boolean,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
    return impliesEqual(node.operand, !outcome, denotes, isVerified);
  // `new Types.ObjectId(t).equals(req.user.tenantId)`
  if (
    ts.isCallExpression(node) &&
    node.arguments.length === 1 &&
    ts.isPropertyAccessExpression(unwrap(node.expression)) &&
    (unwrap(node.expression) as ts.PropertyAccessExpression).name.text === "equals"
  ) {
    return (
      outcome &&
      sameAsVerified(
        (unwrap(node.expression) as ts.PropertyAccessExpression).expression,
        node.arguments[0]!,
        denotes,
        isVerified,
      )
    );
  }
  // `req.user.tenantIds.includes(t)`: one of the tenants the verified identity belongs to.
  if (
    ts.isCallExpression(node) &&
    node.arguments.length === 1 &&
    ts.isPropertyAccessExpression(unwrap(node.expression))
  ) {
    const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
    if (
      (callee.name.text === "includes" || callee.name.text === "has") &&
      denotes(stripConversions(node.arguments[0]!)) &&
      ownedByIdentity(callee.expression)
    )
      return outcome;
  }
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    return (
      outcome &&
      (impliesEqual(node.left, true, denotes, isVerified) || impliesEqual(node.right, true, denotes, isVerified))
    );
  }
  if (operator === ts.SyntaxKind.BarBarToken) {
    return (
      !outcome &&
      (impliesEqual(node.left, false, denotes, isVerified) || impliesEqual(node.right, false, denotes, isVerified))
    );
  }
  const equal = equalityOperators.has(operator);
  if (!equal && !inequalityOperators.has(operator)) return false;
  if (equal !== outcome) return false;
  return sameAsVerified(node.left, node.right, denotes, isVerified);
}

/** One side denotes the read (converted or not), the other is the verified tenant. */
export function sameAsVerified(
  left: ts.Expression,
  right: ts.Expression,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  const [a, b] = [stripConversions(left), stripConversions(right)];
  return (denotes(a) && isVerified(b)) || (denotes(b) && isVerified(a));
}

export function isGuarded(
  use: ts.Node,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  const fn = enclosingFunction(use);
  let child: ts.Node = use;
  for (let node = use.parent; node; child = node, node = node.parent) {
    if (ts.isIfStatement(node)) {
      if (child === node.thenStatement && impliesEqual(node.expression, true, denotes, isVerified)) return true;
      if (child === node.elseStatement && impliesEqual(node.expression, false, denotes, isVerified)) return true;
      // Inside the branch that rejects a mismatch and leaves (`log.warn({ requested: t }); return 403`): naming the rejected value.
      if (
        child === node.thenStatement &&
        alwaysLeaves(node.thenStatement) &&
        impliesEqual(node.expression, false, denotes, isVerified)
      )
        return true;
    } else if (ts.isConditionalExpression(node)) {
      if (child === node.whenTrue && impliesEqual(node.condition, true, denotes, isVerified)) return true;
      if (child === node.whenFalse && impliesEqual(node.condition, false, denotes, isVerified)) return true;
    } else if (
      ts.isBinaryExpression(node) &&
      node.right === child &&
      node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
    ) {
      if (impliesEqual(node.left, true, denotes, isVerified)) return true;
    } else if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      for (const statement of node.statements) {
        if (statement === child) break;
        if (isExitingGuard(statement, denotes, isVerified)) return true;
      }
    }
    if (node === fn) return false;
  }
  return false;
}

/** `if (a !== verified) return …;`, `if (!a || a !== verified) throw …`, `assert(a === verified)`. */
export function isExitingGuard(
  statement: ts.Statement,
  denotes: (expression: ts.Expression) => boolean,
  isVerified: IsVerified,
): boolean {
  // `req.body.tenantId = req.user.tenantId;`: the client's value was replaced by the verified one.
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(unwrap(statement.expression))) {
    const assignment = unwrap(statement.expression) as ts.BinaryExpression;
    if (
      assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      denotes(assignment.left) &&
      isVerified(assignment.right)
    )
      return true;
  }
  if (ts.isIfStatement(statement)) {
    if (alwaysLeaves(statement.thenStatement) && impliesEqual(statement.expression, false, denotes, isVerified))
      return true;
    return Boolean(
      statement.elseStatement &&
      alwaysLeaves(statement.elseStatement) &&
      impliesEqual(statement.expression, true, denotes, isVerified),
    );
  }
  if (!ts.isExpressionStatement(statement)) return false;
  const call = unwrap(statement.expression);
  if (!ts.isCallExpression(call)) return false;
  const callee = unwrap(call.expression).getText();
  const [first, second] = call.arguments;
  if (/^(assert|assert\.ok|invariant|ok)$/u.test(callee))
    return Boolean(first && impliesEqual(first, true, denotes, isVerified));
  if (/^assert\.(equal|strictEqual|deepStrictEqual|deepEqual)$/u.test(callee) && first && second) {
    return (denotes(first) && isVerified(second)) || (denotes(second) && isVerified(first));
  }
  return false;
}
