/** Building the suggested fixes: which tenant value is in scope, and how to add it to an object. */
import ts from "./typescript.cjs";
import { unwrap } from "./ast.js";
import type { AnalysisContext, TextEdit } from "./types.js";

// "A tenant value is in scope" is defined once; the fixes of every check take it from there.
export { tenantValueInScope } from "./tenant-in-scope.js";

/**
 * `tenantId` (shorthand when the value is the field's own name) or `tenantId: req.user.tenantId`.
 * The property is the field the value is of (`organisationId` for `req.user.organisationId`):
 * one field's value is never put under another field's name.
 */
export function tenantProperty(value: string, context: AnalysisContext): string {
  const fields = context.settings.tenantFields.filter((candidate) => !candidate.includes("."));
  if (fields.includes(value)) return value;
  const field = fields.find((candidate) => value.endsWith(`.${candidate}`)) ?? fields[0] ?? "tenantId";
  return `${field}: ${value}`;
}

/** Edits adding the tenant property to an object literal, or wrapping another expression in one. */
export function addTenantEdits(target: ts.Expression, property: string, sourceFile: ts.SourceFile): TextEdit[] {
  const node = unwrap(target);
  if (ts.isObjectLiteralExpression(node)) {
    const open = node.getStart(sourceFile);
    if (node.properties.length === 0) return [{ start: open, end: node.end, text: `{ ${property} }` }];
    const firstProperty = node.properties[0]!;
    const sameLine =
      sourceFile.getLineAndCharacterOfPosition(open).line ===
      sourceFile.getLineAndCharacterOfPosition(firstProperty.getStart(sourceFile)).line;
    if (sameLine)
      return [
        { start: firstProperty.getStart(sourceFile), end: firstProperty.getStart(sourceFile), text: `${property}, ` },
      ];
    const indentation = lineIndentation(firstProperty, sourceFile);
    return [
      {
        start: firstProperty.getStart(sourceFile),
        end: firstProperty.getStart(sourceFile),
        text: `${property},\n${indentation}`,
      },
    ];
  }
  return [
    { start: target.getStart(sourceFile), end: target.end, text: `{ ...${target.getText(sourceFile)}, ${property} }` },
  ];
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
