/**
 * "A tenant value is in scope here": the one definition behind every check that asks whether
 * code runs for one tenant (log lines in tenant code, module state written per request) and
 * which tenant value a suggested fix can use.
 */
import ts from "./typescript.cjs";
import { boundNames, contains, enclosingFunction, isAccess, isNullish, memberPath, unwrap } from "./ast.js";
import { resolveBinding } from "./bindings.js";
import { isTenantValue } from "./evidence/tenant-value.js";
import { memoized } from "./file-facts.js";
import { bindsTenant, mentionsTenant } from "./tenant-mentions.js";
import { isClientInput } from "./client-input.js";
import type { AnalysisContext } from "./types.js";

/**
 * A tenant value is available at `site` when, in a function enclosing it:
 * - a parameter binds one by name (`tenantId`, `{ tenantId }`, `{ tenantId: tid }`);
 * - a variable declared before it, in a block that encloses it, binds or holds one
 *   (`const { tenantId } = req.user`, `const t = job.data.tenantId`);
 * - a tenant member is read anywhere in the function from an object visible at `site`
 *   (`req.user.tenantId`, `job.data.tenantId`, `this.tenantId`): the request or job carries one;
 * - the enclosing class has a `tenantId` property.
 * Writes (`req.tenantId = claims.tenantId`) make no tenant available, and a log in the branch
 * that found no tenant (`if (!req.tenantId) { log.warn(…) }`) has none to carry.
 */
export function tenantAvailableAt(site: ts.Node, context: AnalysisContext): boolean {
  if (inMissingTenantBranch(site, context)) return false;
  const functions: ts.FunctionLikeDeclaration[] = [];
  for (let fn = enclosingFunction(site); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) functions.push(fn);
  if (functions.length === 0) return false;
  for (const fn of functions) {
    if (fn.parameters.some((parameter) => bindsTenant(parameter.name, context))) return true;
  }
  // A class with a tenant property (`constructor(private tenantId: string)`) carries one into its methods.
  for (
    let owner = ts.findAncestor(site, ts.isClassLike);
    owner;
    owner = ts.findAncestor(owner.parent, ts.isClassLike)
  ) {
    if (classHasTenant(owner, context)) return true;
  }
  const { declarations, reads } = tenantCandidates(functions.at(-1)!, context);
  return (
    declarations.some((declaration) => declaration.end <= site.getStart() && blockEncloses(declaration, site)) ||
    reads.some((read) => rootVisibleAt(read, site, context))
  );
}

/**
 * What in a top-level function may put a tenant in scope: variables binding or holding one, and
 * tenant members read (not written). Gathered once per function (a handler logs many times) and
 * filtered per log by position and visibility.
 */
export function tenantCandidates(
  outermost: ts.FunctionLikeDeclaration,
  context: AnalysisContext,
): { declarations: ts.VariableDeclaration[]; reads: ts.Expression[] } {
  return memoized("tenant-candidates", context.checker ?? context.settings, outermost, () => {
    const declarations: ts.VariableDeclaration[] = [];
    const reads: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node)) {
        if (
          bindsTenant(node.name, context) ||
          (ts.isIdentifier(node.name) && node.initializer && isTenantValue(node.initializer, context))
        )
          declarations.push(node);
      }
      if (
        (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
        !isWritten(node) &&
        memberPath(node) !== undefined &&
        isTenantValue(node, context)
      ) {
        reads.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(outermost);
    return { declarations, reads };
  });
}

/** `if (!req.user?.tenantId) { … }`, `if (tenantId == null) …`: the branch where there is none. */
export function inMissingTenantBranch(site: ts.Node, context: AnalysisContext): boolean {
  for (let node: ts.Node = site; node.parent && !ts.isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && testsMissingTenant(parent.expression, context))
      return true;
  }
  return false;
}

export function testsMissingTenant(condition: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
    return mentionsTenant(node.operand, context);
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    if (kind === ts.SyntaxKind.BarBarToken)
      return testsMissingTenant(node.left, context) || testsMissingTenant(node.right, context);
    if (kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsEqualsToken) {
      return (
        (isNullish(node.right) && mentionsTenant(node.left, context)) ||
        (isNullish(node.left) && mentionsTenant(node.right, context))
      );
    }
  }
  return false;
}

export function isWritten(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/** The block (or function body) declaring `declaration` also contains `site`. */
export function blockEncloses(declaration: ts.VariableDeclaration, site: ts.Node): boolean {
  let scope: ts.Node | undefined = declaration.parent;
  while (
    scope &&
    !ts.isBlock(scope) &&
    !ts.isSourceFile(scope) &&
    !ts.isFunctionLike(scope) &&
    !ts.isForStatement(scope) &&
    !ts.isForOfStatement(scope) &&
    !ts.isForInStatement(scope)
  ) {
    scope = scope.parent;
  }
  return scope !== undefined && contains(scope, site);
}

/** The object a tenant member is read from is visible at `site`: `this`, an enclosing parameter, or a variable in scope. */
export function rootVisibleAt(access: ts.Expression, site: ts.Node, context: AnalysisContext): boolean {
  let root: ts.Expression = access;
  // `(req as AuthedRequest).user.tenantId`: casts and parentheses do not change the object.
  for (;;) {
    const inner = unwrap(root);
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) root = inner.expression;
    else if (inner !== root) root = inner;
    else break;
  }
  if (root.kind === ts.SyntaxKind.ThisKeyword) {
    const accessClass = ts.findAncestor(access, ts.isClassLike);
    return accessClass !== undefined && accessClass === ts.findAncestor(site, ts.isClassLike);
  }
  if (!ts.isIdentifier(root)) return false;
  const binding = resolveBinding(root, context.checker);
  if (!binding) return false;
  if (binding.kind === "parameter") return contains(binding.declaration.parent, site);
  if (binding.kind === "variable")
    return binding.declaration.end <= site.getStart() && blockEncloses(binding.declaration, site);
  return false;
}

export function classHasTenant(node: ts.ClassLikeDeclaration, context: AnalysisContext): boolean {
  return node.members.some((member) => {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name))
      return context.settings.tenantFields.includes(member.name.text);
    if (ts.isConstructorDeclaration(member)) {
      return member.parameters.some(
        (parameter) => ts.getModifiers(parameter)?.length && bindsTenant(parameter.name, context),
      );
    }
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// Is the logger bound with the tenant?

// ---------------------------------------------------------------------------------------------
// The scopes enclosing a site, and the tenant-named bindings each declares

/** A binding an enclosing scope declares: a parameter, or a variable of a block. */
export interface ScopeBinding {
  readonly kind: "parameter" | "variable";
  readonly name: ts.Identifier;
  /** The scope that declares it: the function, or the block or file. */
  readonly scope: ts.Node;
  readonly declaration: ts.ParameterDeclaration | ts.VariableDeclaration;
}

/**
 * Walks out from `site` through its enclosing scopes, innermost first, calling `visit` with each
 * scope node and the bindings it declares (a function's parameters, a block's variable
 * statements, in source order). A visitor that returns a value stops the walk.
 */
export function walkScopes<T>(
  site: ts.Node,
  visit: (scope: ts.Node, bindings: readonly ScopeBinding[]) => T | undefined,
): T | undefined {
  for (let scope: ts.Node | undefined = site.parent; scope; scope = scope.parent) {
    const bindings: ScopeBinding[] = [];
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters)
        for (const name of boundNames(parameter.name))
          bindings.push({ kind: "parameter", name, scope, declaration: parameter });
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations)
          for (const name of boundNames(declaration.name))
            bindings.push({ kind: "variable", name, scope, declaration });
      }
    }
    const result = visit(scope, bindings);
    if (result !== undefined) return result;
  }
  return undefined;
}

/** Tenant fields usable as a plain name (`tenantId`, not `tenant.id`). */
export function plainTenantFields(context: AnalysisContext): readonly string[] {
  return context.settings.tenantFields.filter((field) => !field.includes("."));
}

/**
 * The text of a tenant value usable at `site`, for a suggested fix: a variable or parameter named
 * as a tenant field in an enclosing scope, else a trusted member already read in the same function
 * (`req.user.tenantId`). Never client-controlled input.
 */
export function tenantValueInScope(site: ts.Node, context: AnalysisContext): string | undefined {
  const fields = plainTenantFields(context);
  return walkScopes(site, (scope, bindings) => {
    const found = fields.find((field) => bindings.some((binding) => binding.name.text === field));
    if (found) return found;
    return ts.isFunctionLike(scope) ? trustedTenantRead(scope, context) : undefined;
  });
}

function trustedTenantRead(fn: ts.Node, context: AnalysisContext): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node)) {
      const path = memberPath(node);
      // The cheap test first; whether the member is the client's is asked from syntax (this runs for every finding's fix).
      if (
        path &&
        context.settings.tenantFields.some((field) => path.endsWith(`.${field}`)) &&
        !isClientInput(node, { settings: context.settings })
      ) {
        // `(req as Authed).user.tenantId`: keep the cast, or the suggested code does not type-check.
        found = node.getText().includes("(") ? node.getText() : path;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/**
 * One tenant is in scope: a parameter named as a tenant field, a variable holding one, or a tenant
 * field read off a parameter (`input.tenantId`). A loop over every tenant (`for (const t of tenants)`,
 * start-up code building a directory) is not one tenant's scope.
 */
export function hasTenantInScope(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  if (fn.parameters.some((parameter) => bindsTenant(parameter.name, context))) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      ts.forEachChild(node.statement, visit);
      return;
    }
    const tenantVariable = ts.isVariableDeclaration(node) && bindsTenant(node.name, context);
    if (
      tenantVariable ||
      (ts.isPropertyAccessExpression(node) && isTenantValue(node, context) && rootIsParameter(node, context))
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function rootIsParameter(node: ts.Expression, context: AnalysisContext): boolean {
  const root = rootIdentifier(node);
  return root !== undefined && resolveBinding(root, context.checker)?.kind === "parameter";
}

function rootIdentifier(node: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (isAccess(current)) current = unwrap(current.expression);
    else if (ts.isCallExpression(current)) current = unwrap(current.expression);
    else return ts.isIdentifier(current) ? current : undefined;
  }
}
