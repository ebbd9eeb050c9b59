/** Edits for suggested fixes that every data layer shares: putting the tenant into an object literal. */
import ts from "../typescript.cjs";
import { propertyNameText, unwrap } from "../ast.js";
import { isTenantFieldName } from "../evidence/tenant-value.js";
import { addTenantEdits } from "../suggestions.js";
import type { AnalysisContext, TextEdit } from "../types.js";

/**
 * Edits that make an object carry the tenant: replace a tenant property that is there but does
 * not scope (`tenantId: undefined`, `tenantId: { $ne: t }`) rather than add a duplicate key.
 */
export function tenantObjectEdits(
  target: ts.Expression,
  property: string,
  sourceFile: ts.SourceFile,
  context: AnalysisContext,
): TextEdit[] {
  const node = unwrap(target);
  if (ts.isObjectLiteralExpression(node)) {
    const existing = node.properties.find(
      (member) =>
        (ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member)) &&
        isTenantFieldName(propertyNameText(member.name) ?? "", context),
    );
    if (existing && existing.getText(sourceFile) !== property)
      return [{ start: existing.getStart(sourceFile), end: existing.end, text: property }];
    // `{ tenantId, ...req.query }`: the tenant is there but overridable; move it last, where it wins.
    if (existing) {
      const index = node.properties.indexOf(existing);
      const next = node.properties[index + 1];
      const last = node.properties[node.properties.length - 1]!;
      if (next && last !== existing) {
        return [
          { start: existing.getStart(sourceFile), end: next.getStart(sourceFile), text: "" },
          { start: last.end, end: last.end, text: `, ${property}` },
        ];
      }
    }
  }
  return addTenantEdits(target, property, sourceFile);
}
