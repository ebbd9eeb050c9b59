/** Small, host-independent helpers over the TypeScript AST. */
import ts from "./typescript.cjs";

/**
 * The other way from `unwrap`: the outermost expression that still holds `node`'s value, up
 * through `await`, parentheses, `as` and `!` (`(await find(…))!`). With `throughChain`, also up a
 * chain `node` heads (`select()` of `await db.select().from(t).where(c)`).
 */
export function enclosingValue(node: ts.Node, options: { readonly throughChain?: boolean } = {}): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    const wraps =
      ts.isAwaitExpression(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      (options.throughChain === true &&
        ((ts.isPropertyAccessExpression(parent) && parent.expression === current) ||
          (ts.isCallExpression(parent) && parent.expression === current)));
    if (!wraps) return current;
    current = parent;
  }
}

/** Strips parentheses, type assertions, `!`, `satisfies` and `await`, which never change what a value holds. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isAwaitExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The static name of a property, element access or property-name node, if it has one. */
export function propertyNameText(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const inner = unwrap(name.expression);
    return ts.isStringLiteralLike(inner) ? inner.text : undefined;
  }
  return undefined;
}

/** `a.b` → "b", `a["b"]` → "b". */
export function accessedName(node: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) return propertyNameText(node.argumentExpression);
  return undefined;
}

export function isAccess(node: ts.Node): node is ts.PropertyAccessExpression | ts.ElementAccessExpression {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);
}

/** For `recv.method(...)` (or `recv?.["method"](...)`), the receiver and method name. */
export function callMember(call: ts.CallExpression): { receiver: ts.Expression; method: string } | undefined {
  const callee = unwrap(call.expression);
  if (!isAccess(callee)) return undefined;
  const method = accessedName(callee);
  return method === undefined ? undefined : { receiver: callee.expression, method };
}

/** The name a plain call `fn(...)` calls, or the last member of `ns.fn(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return accessedName(callee);
}

/** Dotted text of an identifier/member chain (`req.user.tenantId`), or undefined for anything else. */
export function memberPath(node: ts.Expression): string | undefined {
  // Down the chain in a loop, not by recursion: a generated `a.b.c…` thousands deep must not overflow the stack.
  const names: string[] = [];
  let inner = unwrap(node);
  while (isAccess(inner)) {
    const name = accessedName(inner);
    if (name === undefined) return undefined;
    names.push(name);
    inner = unwrap(inner.expression);
  }
  let head: string;
  if (ts.isIdentifier(inner)) head = inner.text;
  else if (inner.kind === ts.SyntaxKind.ThisKeyword) head = "this";
  else return undefined;
  return [head, ...names.reverse()].join(".");
}

/** The innermost function (or the source file) that contains `node`. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | ts.SourceFile {
  let current = node.parent;
  while (current) {
    if (ts.isFunctionLike(current) && "body" in current) return current as ts.FunctionLikeDeclaration;
    if (ts.isSourceFile(current)) return current;
    current = current.parent;
  }
  return node.getSourceFile();
}

/** The outermost expression of a call chain that starts with `node`: `A.find(x).sort().lean()` for `A.find(x)`. */
export function chainTop(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  for (;;) {
    const parent = current.parent;
    if (parent && isAccess(parent) && parent.expression === current) {
      current = parent;
    } else if (parent && ts.isCallExpression(parent) && parent.expression === current) {
      current = parent;
    } else if (parent && ts.isNonNullExpression(parent)) {
      current = parent;
    } else {
      return current;
    }
  }
}

/** Method calls chained after `node`: for `A.find(x).where(y).sort(z)` and `A.find(x)`, the `where` and `sort` calls. */
export function chainedCalls(node: ts.Expression): { method: string; call: ts.CallExpression }[] {
  const result: { method: string; call: ts.CallExpression }[] = [];
  let current: ts.Expression = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return result;
    if (ts.isNonNullExpression(parent) || ts.isParenthesizedExpression(parent)) {
      current = parent;
      continue;
    }
    if (!isAccess(parent) || parent.expression !== current) return result;
    const call = parent.parent;
    const method = accessedName(parent);
    if (!call || !ts.isCallExpression(call) || call.expression !== parent || method === undefined) return result;
    result.push({ method, call });
    current = call;
  }
}

export function isNullish(node: ts.Expression): boolean {
  const inner = unwrap(node);
  return (
    inner.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(inner) && inner.text === "undefined") ||
    ts.isVoidExpression(inner)
  );
}

/** Names bound by a binding name (identifier or destructuring pattern). */
export function boundNames(name: ts.BindingName): ts.Identifier[] {
  const result: ts.Identifier[] = [];
  // A stack, not recursion, so any depth of nested patterns is safe; reversed pushes keep source order.
  const pending: ts.BindingName[] = [name];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (ts.isIdentifier(next)) {
      result.push(next);
      continue;
    }
    for (let index = next.elements.length - 1; index >= 0; index -= 1) {
      const element = next.elements[index]!;
      if (!ts.isOmittedExpression(element)) pending.push(element.name);
    }
  }
  return result;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/**
 * How deep the few helpers that must recurse (over nested blocks) may go; past it they give the
 * cautious answer. Generated or hostile code nests thousands deep; hand-written code never nears this.
 */
export const maxRecursionDepth = 200;

/**
 * Visits every descendant of `root` (not `root` itself) in source order, with an explicit stack
 * instead of recursion, so no nesting depth can overflow the call stack. `visit` returns false
 * to skip a node's children.
 */
export function walkDescendants(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const pending: ts.Node[] = [];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  const pushChildren = (node: ts.Node): void => {
    ts.forEachChild(node, collect);
    // Reversed, so the first child is popped first and the order stays the source order.
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]!);
    children.length = 0;
  };
  pushChildren(root);
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (visit(node) !== false) pushChildren(node);
  }
}

/** Visits every descendant of `root` (not `root` itself) in source order, skipping nested functions when asked. */
export function forEachDescendant(
  root: ts.Node,
  visit: (node: ts.Node) => void,
  options: { skipFunctions?: boolean } = {},
): void {
  walkDescendants(root, (node) => {
    visit(node);
    return !(options.skipFunctions && ts.isFunctionLike(node));
  });
}

export function isStringish(node: ts.Expression): boolean {
  const inner = unwrap(node);
  return ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || isStringConcatenation(inner);
}

export function isStringConcatenation(node: ts.Expression): node is ts.BinaryExpression {
  if (!isPlus(node)) return false;
  // A worklist over the `+` operands rather than recursion: `"a" + b + … ` 3,000 terms long nests 3,000 deep.
  const pending: ts.Expression[] = [node.left, node.right];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const operand = unwrap(next);
    if (ts.isStringLiteralLike(operand) || ts.isTemplateExpression(operand)) return true;
    if (isPlus(operand)) pending.push(operand.left, operand.right);
  }
  return false;
}

function isPlus(node: ts.Expression): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken;
}

/** The expressions a function returns (its expression body, or every `return x;` not in a nested function). */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const result: ts.Expression[] = [];
  walkDescendants(fn.body, (node) => {
    if (ts.isFunctionLike(node)) return false;
    if (ts.isReturnStatement(node) && node.expression) result.push(node.expression);
    return true;
  });
  return result;
}

/** `return`/`throw`, or a block that ends in one (a 403 without `return` falls through). */
export function alwaysLeaves(statement: ts.Statement, depth = 0): boolean {
  // Bounded: blocks nested past this depth are read as "may fall through", the cautious answer.
  if (depth > maxRecursionDepth) return false;
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && alwaysLeaves(last, depth + 1);
  }
  if (ts.isIfStatement(statement)) {
    return Boolean(
      statement.elseStatement &&
      alwaysLeaves(statement.thenStatement, depth + 1) &&
      alwaysLeaves(statement.elseStatement, depth + 1),
    );
  }
  return false;
}

const conversionCallee = /^(String|ObjectId|ObjectID|Types\.ObjectId|mongoose\.Types\.ObjectId)$/u;
const conversionMethods: ReadonlySet<string> = new Set(["toString", "toHexString", "trim", "toLowerCase", "valueOf"]);

/**
 * The value a conversion converts, which keeps what it identifies: `String(t)`,
 * `new Types.ObjectId(t)`, `t.toString()`, `t.trim()`. Undefined when `node` is no conversion.
 */
export function convertedValue(node: ts.Expression): ts.Expression | undefined {
  if (
    (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
    node.arguments?.length === 1 &&
    conversionCallee.test(unwrap(node.expression).getText())
  ) {
    return unwrap(node.arguments[0]!);
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && conversionMethods.has(callee.name.text))
      return unwrap(callee.expression);
  }
  return undefined;
}

/** `String(x.toString())` → `x`: every conversion taken off. */
export function stripConversions(expression: ts.Expression): ts.Expression {
  let node = unwrap(expression);
  for (let converted = convertedValue(node); converted; converted = convertedValue(node)) node = converted;
  return node;
}

/** Source text on one line, cut to 40 characters, for a message. */
export function abbreviate(text: string): string {
  const compact = text.replace(/\s+/gu, " ");
  return compact.length > 40 ? `${compact.slice(0, 37)}…` : compact;
}

/** The name a function is called by: its declaration name, or the variable/property it is assigned to. */
export function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name.text;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
