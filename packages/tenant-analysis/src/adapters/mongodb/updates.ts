/**
 * What a MongoDB update writes: whether it moves a document to another tenant (`$set`,
 * `$unset` or `$rename` of the tenant field, or a top-level tenant field in a Mongoose update),
 * whether it takes the client's input wholesale, and what an upsert may insert.
 */
import ts from "../../typescript.cjs";
import { isNullish, propertyNameText, unwrap } from "../../ast.js";
import { initialValue } from "../../bindings.js";
import type { Evidence } from "../../evidence/evidence.js";
import { arrayElements } from "../../evidence/local-flow.js";
import { clientInputIn, objectCarriesTenant } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";
import { mongoFilterDialect } from "./filter-dialect.js";

const reassigningOperators = ["$set", "$unset", "$rename"];

/**
 * The operator that changes the tenant field, if the update does. Setting it to the very value
 * the filter pins is no change (a common upsert shape). `plainFieldsSet`: a top-level field is
 * applied as `$set` (Mongoose), not as a replacement document.
 */
export function tenantReassignment(
  update: ts.Expression | undefined,
  filter: ts.Expression | undefined,
  plainFieldsSet: boolean,
  context: AnalysisContext,
): string | undefined {
  if (!update) return undefined;
  let node = unwrap(update);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  const stages = ts.isArrayLiteralExpression(node) ? node.elements.map((element) => unwrap(element)) : [node];
  const pinned = filterTenantValueText(filter, context);
  for (const stage of stages) {
    if (!ts.isObjectLiteralExpression(stage)) continue;
    for (const property of stage.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const name = propertyNameText(property.name);
      if (name === undefined) continue;
      if (isTenantFieldName(name, context) && plainFieldsSet) {
        if (valueText(property) !== pinned) return `${name} in the update`;
        continue;
      }
      if (!reassigningOperators.includes(name) || !ts.isPropertyAssignment(property)) continue;
      const fields = unwrap(property.initializer);
      if (!ts.isObjectLiteralExpression(fields)) continue;
      for (const field of fields.properties) {
        const fieldName =
          ts.isPropertyAssignment(field) || ts.isShorthandPropertyAssignment(field)
            ? propertyNameText(field.name)
            : undefined;
        if (fieldName === undefined) continue;
        const renamedOnto =
          name === "$rename" &&
          ts.isPropertyAssignment(field) &&
          ts.isStringLiteralLike(unwrap(field.initializer)) &&
          isTenantFieldName((unwrap(field.initializer) as ts.StringLiteralLike).text, context);
        if (!isTenantFieldName(fieldName, context) && !renamedOnto) continue;
        if (name === "$set" && valueText(field as ts.PropertyAssignment | ts.ShorthandPropertyAssignment) === pinned)
          continue;
        return name;
      }
    }
  }
  return undefined;
}

function valueText(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): string {
  return ts.isShorthandPropertyAssignment(property) ? property.name.text : property.initializer.getText();
}

/** The source text of the tenant value a filter pins (`{ tenantId }` → "tenantId"), to recognise a no-op `$set`. */
function filterTenantValueText(filter: ts.Expression | undefined, context: AnalysisContext): string | undefined {
  if (!filter) return undefined;
  const node = unwrap(filter);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isShorthandPropertyAssignment(property) && isTenantFieldName(property.name.text, context))
      return property.name.text;
    if (ts.isPropertyAssignment(property) && isTenantFieldName(propertyNameText(property.name) ?? "", context))
      return property.initializer.getText();
  }
  return undefined;
}

/** Mass assignment: the client's input as the update, as what `$set` sets, or spread into either. */
export function requestInputInUpdate(update: ts.Expression | undefined, context: AnalysisContext): string | undefined {
  if (!update) return undefined;
  const whole = clientInputIn(update, context);
  if (whole) return whole;
  const node = unwrap(update);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === "$set") {
      const inSet = clientInputIn(property.initializer, context);
      if (inSet) return inSet;
    }
  }
  return undefined;
}

export function isUpsert(options: ts.Expression | undefined, context: AnalysisContext): boolean {
  if (!options) return false;
  let node = unwrap(options);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      propertyNameText(property.name) === "upsert" &&
      unwrap(property.initializer).kind !== ts.SyntaxKind.FalseKeyword,
  );
}

/** An upsert inserts the filter's equality fields plus `$set`/`$setOnInsert` (or a plain Mongoose update). */
export function upsertInsertEvidence(
  filter: ts.Expression | undefined,
  update: ts.Expression | undefined,
  site: ts.Node,
  context: AnalysisContext,
): Evidence {
  const fromFilter = objectCarriesTenant(filter, context, mongoFilterDialect, site).evidence;
  if (fromFilter === "yes") return "yes";
  const updateObject = update && unwrap(update);
  if (!updateObject || !ts.isObjectLiteralExpression(updateObject))
    return fromFilter === "no" && !updateObject ? "no" : "unknown";
  const parts: Evidence[] = [fromFilter];
  for (const property of updateObject.properties) {
    if (!ts.isPropertyAssignment(property)) {
      parts.push(ts.isSpreadAssignment(property) ? "unknown" : "no");
      continue;
    }
    const name = propertyNameText(property.name);
    if (name === "$setOnInsert" || name === "$set")
      parts.push(objectCarriesTenant(property.initializer, context, "document", site).evidence);
    else if (name !== undefined && isTenantFieldName(name, context) && !isNullish(property.initializer))
      parts.push("yes");
  }
  if (parts.includes("yes")) return "yes";
  return parts.includes("unknown") ? "unknown" : "no";
}

/** `create(doc)`, `create([a, b])`, `insertMany(docs.map(d => ({ …d, tenantId })))`, `insertOne(doc)`: one verdict per document. */
export function insertedDocuments(
  call: ts.CallExpression,
  context: AnalysisContext,
): { node?: ts.Expression; evidence: Evidence }[] {
  const first = call.arguments[0];
  if (!first) return [{ evidence: "no" }];
  let documents = unwrap(first);
  if (ts.isIdentifier(documents)) {
    const value = initialValue(documents, context.checker);
    if (value && (ts.isArrayLiteralExpression(value) || ts.isCallExpression(value))) documents = value;
  }
  const elements = arrayElements(documents);
  if (elements) {
    if (elements.length === 0) return [{ evidence: "unknown" }];
    return elements.map((element, index) => ({
      ...(index === 0 ? { node: first } : {}),
      evidence: objectCarriesTenant(element, context, "document", call).evidence,
    }));
  }
  if (ts.isArrayLiteralExpression(documents)) return [{ evidence: "unknown" }];
  return [{ node: first, evidence: objectCarriesTenant(first, context, "document", call).evidence }];
}
