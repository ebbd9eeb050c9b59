/**
 * Load, then authorise: a row looked up by its key alone is safe when the same function compares
 * the loaded row's tenant with something before using it (`if (doc.tenantId !== tenantId) throw`),
 * and a write by key is safe when an earlier read of the same key in the function was scoped
 * and left on a miss. Handing the row and the tenant to a helper may authorise it: undecided.
 */
import ts from "../typescript.cjs";
import { alwaysLeaves, enclosingFunction, memberPath, stripConversions, unwrap } from "../ast.js";
import type { Evidence } from "../evidence/evidence.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import type { AnalysisContext } from "../types.js";
import type { QuerySite } from "./query-site.js";

export function keyLookupAuthorised(site: QuerySite, context: AnalysisContext): Evidence {
  const call = site.node;
  if (site.byKey?.writes) return "no";
  const holder = loadedInto(call);
  if (!holder) return "no";
  return comparedAfterLoad(call, holder, context);
}

function comparedAfterLoad(call: ts.Node, holder: string, context: AnalysisContext): Evidence {
  const fn = enclosingFunction(call);
  let compared = false;
  // `assertSameTenant(doc, tenantId)`: a helper given the document and the tenant may authorise it.
  let handedToHelper = false;
  const isLoadedTenant = (expression: ts.Expression): boolean => {
    const inner = stripConversions(expression);
    // `doc.get("tenantId")`: a document's getter.
    if (ts.isCallExpression(inner)) {
      const callee = unwrap(inner.expression);
      const key = inner.arguments[0] && unwrap(inner.arguments[0]);
      return (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "get" &&
        memberPath(callee.expression) === holder &&
        key !== undefined &&
        ts.isStringLiteralLike(key) &&
        context.settings.tenantFields.includes(key.text)
      );
    }
    const path = memberPath(inner);
    if (path === undefined || !path.startsWith(`${holder}.`)) return false;
    // SQL layers (Kysely) load rows by column name: `row.tenant_id` is the row's tenant as much as `row.tenantId`.
    return isTenantValue(inner, context) || snakeTenantColumns(context).has(path.slice(holder.length + 1));
  };
  const visit = (node: ts.Node): void => {
    if (compared || node.pos < call.end) {
      if (!compared) ts.forEachChild(node, visit);
      return;
    }
    if (ts.isBinaryExpression(node) && isEqualityOperator(node.operatorToken.kind) && (isLoadedTenant(node.left) || isLoadedTenant(node.right))) {
      compared = true;
      return;
    }
    if (ts.isCallExpression(node)) {
      if (node.arguments.some((argument) => memberPath(argument) === holder) && node.arguments.some((argument) => isTenantValue(argument, context))) {
        handedToHelper = true;
      }
      // `doc.tenantId.equals(tenantId)`
      const callee = unwrap(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "equals" && isLoadedTenant(callee.expression)) {
        compared = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return compared ? "yes" : handedToHelper ? "unknown" : "no";
}

function isEqualityOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken
  );
}

/** The variable a lookup's result is stored in: `const c = await X.findById(id).lean()`. */
export function loadedInto(call: ts.Node): string | undefined {
  let node: ts.Node = call;
  while (
    node.parent &&
    (ts.isAwaitExpression(node.parent) ||
      ts.isParenthesizedExpression(node.parent) ||
      ts.isAsExpression(node.parent) ||
      ts.isNonNullExpression(node.parent) ||
      (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) ||
      (ts.isCallExpression(node.parent) && node.parent.expression === node))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}

/** `if (!doc) throw …` / `if (!doc) return …` right after the load: a miss leaves the function. */
export function leavesOnMiss(call: ts.Node, holder: string): boolean {
  const fn = enclosingFunction(call);
  let leaves = false;
  const visit = (node: ts.Node): void => {
    if (leaves || node.end < call.end) {
      if (!leaves && node.pos <= call.end) ts.forEachChild(node, visit);
      return;
    }
    if (ts.isIfStatement(node) && node.pos >= call.end && testsMissing(node.expression, holder) && alwaysLeaves(node.thenStatement)) {
      leaves = true;
      return;
    }
    if (ts.isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return leaves;
}

function testsMissing(condition: ts.Expression, holder: string): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return memberPath(node.operand) === holder;
  if (ts.isBinaryExpression(node)) {
    if (node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return testsMissing(node.left, holder) || testsMissing(node.right, holder);
    const nullish = (side: ts.Expression): boolean => {
      const inner = unwrap(side);
      return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined");
    };
    const equality = node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
    return equality && ((memberPath(node.left) === holder && nullish(node.right)) || (memberPath(node.right) === holder && nullish(node.left)));
  }
  return false;
}

function snakeTenantColumns(context: AnalysisContext): ReadonlySet<string> {
  return new Set(context.settings.tenantFields.map((name) => name.replace(/([a-z0-9])([A-Z])/gu, "$1_$2").toLowerCase()));
}
