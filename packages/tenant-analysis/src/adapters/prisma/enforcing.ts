/**
 * Tenant-enforcing clients: a `$extends` whose query component adds the tenant to every
 * operation's `args.where`/`args.data`, or sets a row-level-security setting per query
 * (`set_config('app.current_tenant', …)`). Their queries are scoped by construction.
 */
import ts from "../../typescript.cjs";
import { propertyNameText, returnedExpressions, unwrap } from "../../ast.js";
import { initialValue } from "../../bindings.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { Target } from "../../receivers/target.js";
import type { AnalysisContext } from "../../types.js";

/** Why the client enforces the tenant on `model` (its accessor), or undefined. */
export function enforcement(target: Target, model: string, context: AnalysisContext): string | undefined {
  for (const derivation of target.derivations ?? []) {
    const component = queryComponent(derivation.arguments[0], context, 0);
    if (!component) continue;
    const covered = coveredModels(component);
    // `query: { $allOperations }` covers every model as `$allModels` does.
    if (!covered.has("$allModels") && !covered.has("$allOperations") && !covered.has(model)) continue;
    if (addsTenant(component, context)) {
      const { line } = derivation.getSourceFile().getLineAndCharacterOfPosition(derivation.getStart());
      return `scoped by a tenant-enforcing client ($extends at line ${line + 1})`;
    }
  }
  return undefined;
}

/** The `query: { … }` object of an extension: inline, in a `const`, `Prisma.defineExtension(…)`, or `(client) => client.$extends(…)`. */
function queryComponent(
  argument: ts.Expression | undefined,
  context: AnalysisContext,
  depth: number,
): ts.ObjectLiteralExpression | undefined {
  if (!argument || depth > 4) return undefined;
  let node = unwrap(argument);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (ts.isCallExpression(node))
    return node.arguments.map((inner) => queryComponent(inner, context, depth + 1)).find(Boolean);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    return returnedExpressions(node)
      .map((inner) => queryComponent(inner, context, depth + 1))
      .find(Boolean);
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === "query") {
      const value = unwrap(property.initializer);
      return ts.isObjectLiteralExpression(value) ? value : undefined;
    }
  }
  return undefined;
}

function coveredModels(component: ts.ObjectLiteralExpression): Set<string> {
  return new Set(
    component.properties
      .map((property) => (property.name ? propertyNameText(property.name) : undefined))
      .filter((name): name is string => name !== undefined),
  );
}

const rowLevelSecurity = /set_config\s*\(|\bSET\s+(LOCAL\s+)?app\./iu;

/** The component writes a tenant field under `where` or `data`, or sets a row-level-security setting. */
function addsTenant(component: ts.Node, context: AnalysisContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isStringLiteral(node)) &&
      rowLevelSecurity.test(node.text)
    ) {
      found = true;
      return;
    }
    // `args.where = { ...args.where, workspaceId }`, `args.data.workspaceId = id`
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left.getText();
      if (
        /\b(where|data)\b/u.test(target) &&
        (writesTenant(node.right, context) ||
          context.settings.tenantFields.some((field) => target.endsWith(`.${field}`)))
      ) {
        found = true;
        return;
      }
    }
    // `query({ ...args, where: { ...args.where, workspaceId } })`
    if (
      ts.isPropertyAssignment(node) &&
      ["where", "data"].includes(propertyNameText(node.name) ?? "") &&
      writesTenant(node.initializer, context)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(component);
  return found;
}

function writesTenant(value: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(value);
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some(
      (property) =>
        (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
        isTenantFieldName(propertyNameText(property.name) ?? "", context),
    )
  );
}
