/** Data flow within one function: what a variable was given, and what was added to it later. */
import ts from "../typescript.cjs";
import { boundNames, enclosingFunction, isNullish, propertyNameText, returnedExpressions, unwrap } from "../ast.js";

export { returnedExpressions };
import { type Binding, initialValue, isReassigned, resolveBinding } from "../bindings.js";
import type { AnalysisContext } from "../types.js";

export interface VariableValues {
  /** The initializer and every later plain assignment (`let` only). */
  readonly values: readonly ts.Expression[];
  /** The variable is a parameter or destructured: its value comes from elsewhere. */
  readonly opaque: boolean;
  readonly binding?: Binding;
}

/** What a variable may hold, from its declaration and assignments in the same file. */
export function variableValues(identifier: ts.Identifier, context: AnalysisContext): VariableValues {
  const binding = resolveBinding(identifier, context.checker);
  if (!binding || binding.kind !== "variable") return { values: [], opaque: true, binding };
  const { declaration } = binding;
  if (!ts.isIdentifier(declaration.name)) return { values: [], opaque: true, binding };
  const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  if (!binding.constant && isReassigned(binding.name)) {
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(unwrap(node.left)) &&
        (unwrap(node.left) as ts.Identifier).text === identifier.text
      ) {
        values.push(node.right);
      }
      ts.forEachChild(node, visit);
    };
    visit(enclosingFunction(declaration));
  }
  return { values, opaque: values.length === 0, binding };
}

/**
 * Properties written into a variable after it was made, within the function that uses it:
 * `filter.tenantId = t`, `filter[field] = v`, `Object.assign(filter, { tenantId })`.
 * Only writes that end before `before` count, when it is given.
 */
export function propertyWrites(
  identifier: ts.Identifier,
  before: ts.Node | undefined,
): {
  readonly assigned: readonly { name: string | undefined; value: ts.Expression }[];
  readonly mergedSources: readonly ts.Expression[];
} {
  const assigned: { name: string | undefined; value: ts.Expression }[] = [];
  const mergedSources: ts.Expression[] = [];
  const scope = enclosingFunction(before ?? identifier);
  const name = identifier.text;
  const visit = (node: ts.Node): void => {
    if (before && node.pos >= before.pos) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(node.left);
      if (
        (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) &&
        ts.isIdentifier(unwrap(left.expression))
      ) {
        if ((unwrap(left.expression) as ts.Identifier).text === name) {
          const property = ts.isPropertyAccessExpression(left)
            ? left.name.text
            : propertyNameText(left.argumentExpression);
          if (!isNullish(node.right)) assigned.push({ name: property, value: node.right });
        }
      }
    }
    if (ts.isCallExpression(node) && unwrap(node.expression).getText() === "Object.assign") {
      const [targetArg, ...sources] = node.arguments;
      if (targetArg && ts.isIdentifier(unwrap(targetArg)) && (unwrap(targetArg) as ts.Identifier).text === name) {
        mergedSources.push(...sources);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return { assigned, mergedSources };
}

/** The local function (declaration or `const f = () => …`) a call invokes, if it is in this file. */
export function localFunction(
  call: ts.CallExpression,
  context: AnalysisContext,
): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, context.checker);
    if (binding?.kind === "function") return binding.declaration;
    if (binding?.kind === "variable" && binding.constant && binding.declaration.initializer) {
      const value = unwrap(binding.declaration.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  // `this.scope(...)`: a method of the enclosing class.
  if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let owner: ts.Node | undefined = callee.parent;
    while (owner && !ts.isClassLike(owner)) owner = owner.parent;
    return owner && ts.isClassLike(owner) ? classMember(owner, name, undefined) : undefined;
  }
  const base = unwrap(callee.expression);
  if (!ts.isIdentifier(base)) return undefined;
  const binding = resolveBinding(base, context.checker);
  // `CacheKeys.session(id)`: a static method of a class of this file.
  if (binding?.kind === "class") return classMember(binding.declaration, name, true);
  // `keys.leaderboard(gameId)`: a function held by a `const` object literal of this file.
  if (binding?.kind === "variable" && binding.constant && binding.declaration.initializer) {
    const object = unwrap(binding.declaration.initializer);
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    for (const property of object.properties) {
      if (propertyNameText(property.name) !== name) continue;
      if (ts.isMethodDeclaration(property) && property.body) return property;
      if (ts.isPropertyAssignment(property)) {
        const value = unwrap(property.initializer);
        if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
      }
    }
  }
  return undefined;
}

/** A method (or function-valued property) of a class; `statics` undefined: either kind. */
function classMember(
  owner: ts.ClassLikeDeclaration,
  name: string,
  statics: boolean | undefined,
): ts.FunctionLikeDeclaration | undefined {
  for (const member of owner.members) {
    const isStatic = (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
    if (
      (statics !== undefined && isStatic !== statics) ||
      member.name === undefined ||
      propertyNameText(member.name) !== name
    )
      continue;
    if (ts.isMethodDeclaration(member) && member.body) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const value = unwrap(member.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    }
  }
  return undefined;
}

/** Names bound in the parameters of a function. */
export function parameterNames(fn: ts.SignatureDeclaration): string[] {
  return fn.parameters.flatMap((parameter) => boundNames(parameter.name).map((id) => id.text));
}

/** The element expressions of an array literal, or the objects a `.map()` callback returns. */
export function arrayElements(list: ts.Expression): ts.Expression[] | undefined {
  if (ts.isArrayLiteralExpression(list)) {
    if (list.elements.some((element) => ts.isSpreadElement(element))) return undefined;
    return [...list.elements];
  }
  if (ts.isCallExpression(list)) {
    const callee = unwrap(list.expression);
    const callback = list.arguments[0] && unwrap(list.arguments[0]);
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "map" &&
      callback &&
      (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
    ) {
      const returns = returnedExpressions(callback);
      return returns.length > 0 ? returns : undefined;
    }
    // `Array.from({ length: n }, (_, i) => ({ … }))`
    const mapper = list.arguments[1] && unwrap(list.arguments[1]);
    if (
      callee.getText() === "Array.from" &&
      mapper &&
      (ts.isArrowFunction(mapper) || ts.isFunctionExpression(mapper))
    ) {
      const returns = returnedExpressions(mapper);
      return returns.length > 0 ? returns : undefined;
    }
  }
  return undefined;
}

/** A value returned by a call, directly or through a `const`: what the call did to it is not visible. */
export function madeByCall(expression: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(expression);
  if (ts.isCallExpression(node)) return true;
  if (!ts.isIdentifier(node)) return false;
  const value = initialValue(node, context.checker);
  return value !== undefined && value !== node && ts.isCallExpression(unwrap(value));
}
