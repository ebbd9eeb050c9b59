/** Building the suggested fixes: which tenant value is in scope, and how to add it to an object. */
import ts from "./typescript.cjs";
import { boundNames, memberPath, unwrap } from "./ast.js";
import { isClientInput } from "./client-input.js";
import type { AnalysisContext, TextEdit } from "./types.js";


/**
 * The text of a tenant value usable at `site`: a variable or parameter named as a tenant field
 * in an enclosing scope, else a trusted member already read in the same function
 * (`req.user.tenantId`). Never a request-input read.
 */
export function tenantValueInScope(site: ts.Node, context: AnalysisContext): string | undefined {
  const fields = context.settings.tenantFields.filter((field) => !field.includes("."));
  for (let scope: ts.Node | undefined = site.parent; scope; scope = scope.parent) {
    const names = namesDeclaredIn(scope);
    const found = fields.find((field) => names.has(field));
    if (found) return found;
    if (ts.isFunctionLike(scope)) {
      const read = trustedTenantRead(scope, context);
      if (read) return read;
    }
  }
  return undefined;
}

function namesDeclaredIn(scope: ts.Node): Set<string> {
  const names = new Set<string>();
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) for (const id of boundNames(parameter.name)) names.add(id.text);
  }
  if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
    for (const statement of scope.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) for (const id of boundNames(declaration.name)) names.add(id.text);
      }
    }
  }
  return names;
}

function trustedTenantRead(fn: ts.Node, context: AnalysisContext): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node)) {
      const path = memberPath(node);
      if (path && !isClientInput(node, context) && context.settings.tenantFields.some((field) => path.endsWith(`.${field}`))) {
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

/** `tenantId` (shorthand when the value is the field's own name) or `tenantId: req.user.tenantId`. */
export function tenantProperty(value: string, context: AnalysisContext): string {
  const field = context.settings.tenantFields.find((candidate) => !candidate.includes(".")) ?? "tenantId";
  return value === field ? field : `${field}: ${value}`;
}

/** Edits adding the tenant property to an object literal, or wrapping another expression in one. */
export function addTenantEdits(target: ts.Expression, property: string, sourceFile: ts.SourceFile): TextEdit[] {
  const node = unwrap(target);
  if (ts.isObjectLiteralExpression(node)) {
    const open = node.getStart(sourceFile);
    if (node.properties.length === 0) return [{ start: open, end: node.end, text: `{ ${property} }` }];
    const firstProperty = node.properties[0]!;
    const sameLine =
      sourceFile.getLineAndCharacterOfPosition(open).line === sourceFile.getLineAndCharacterOfPosition(firstProperty.getStart(sourceFile)).line;
    if (sameLine) return [{ start: firstProperty.getStart(sourceFile), end: firstProperty.getStart(sourceFile), text: `${property}, ` }];
    const indentation = lineIndentation(firstProperty, sourceFile);
    return [{ start: firstProperty.getStart(sourceFile), end: firstProperty.getStart(sourceFile), text: `${property},\n${indentation}` }];
  }
  return [{ start: target.getStart(sourceFile), end: target.end, text: `{ ...${target.getText(sourceFile)}, ${property} }` }];
}

/** An argument to insert into an empty call: `find()` → `find({ tenantId })`. */
export function insertArgumentEdit(call: ts.CallExpression, text: string, sourceFile: ts.SourceFile): TextEdit {
  const closing = call.end - 1;
  const source = sourceFile.text;
  const open = source.lastIndexOf("(", closing);
  return { start: open + 1, end: closing, text };
}

function lineIndentation(node: ts.Node, sourceFile: ts.SourceFile): string {
  const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const lineStart = sourceFile.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/u.exec(sourceFile.text.slice(lineStart))?.[0] ?? "";
}
