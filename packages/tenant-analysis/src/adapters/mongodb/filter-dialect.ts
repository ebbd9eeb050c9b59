/**
 * MongoDB's query language as a dialect of the object reader: `$and` (any branch scopes),
 * `$or` (every branch must), `$nor` (a negation), and on the tenant field `$eq`/`$in` pin it
 * while `$ne`, `$nin`, `$exists` do not. Mongoose filters are the same language.
 */
import ts from "../../typescript.cjs";
import { isNullish, propertyNameText, unwrap } from "../../ast.js";
import type { Predicate } from "../../data-layer/predicate.js";
import type { ObjectDialect, ObjectReader } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";

export const mongoFilterDialect: ObjectDialect = {
  property(name, value, reader) {
    if (name === "$and") return branches(value, reader, (parts) => ({ kind: "all", parts, origin: value }));
    if (name === "$or")
      return branches(value, reader, (parts) => ({ kind: "any", parts, operator: "$or", origin: value.parent }));
    // `$nor` negates: a tenant inside it selects every other tenant.
    if (name === "$nor")
      return branches(value, reader, (parts) => ({
        kind: "not",
        part: { kind: "any", parts, operator: "$nor" },
        origin: value,
      }));
    if (!isTenantFieldName(name, reader.context)) return undefined;
    return tenantComparison(name, value);
  },
};

function branches(value: ts.Expression, reader: ObjectReader, combine: (parts: Predicate[]) => Predicate): Predicate {
  const node = unwrap(value);
  if (!ts.isArrayLiteralExpression(node))
    return { kind: "decided", evidence: "unknown", reason: "branches the analysis cannot see", origin: value };
  return combine(
    node.elements.map((element): Predicate =>
      ts.isSpreadElement(element)
        ? { kind: "decided", evidence: "unknown", reason: "a spread of branches", origin: element }
        : reader.read(element),
    ),
  );
}

/** `tenantId: t`, `tenantId: { $eq: t }`, `tenantId: { $in: [t] }` pin the tenant; `{ $ne: t }` does not. */
function tenantComparison(field: string, value: ts.Expression): Predicate {
  const node = unwrap(value);
  if (isNullish(node)) return { kind: "compare", field, pins: true, value: { kind: "null" }, origin: value };
  if (!ts.isObjectLiteralExpression(node))
    return { kind: "compare", field, pins: true, value: { kind: "expression", expression: value }, origin: value };
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) {
      return { kind: "decided", evidence: "unknown", reason: "operators the analysis cannot see", origin: value };
    }
    const operator = propertyNameText(property.name);
    if (
      (operator === "$eq" || operator === "$in") &&
      ts.isPropertyAssignment(property) &&
      !isNullish(property.initializer)
    ) {
      return {
        kind: "compare",
        field,
        pins: true,
        value: { kind: "expression", expression: property.initializer },
        origin: value,
      };
    }
  }
  return { kind: "compare", field, pins: false, value: { kind: "expression", expression: value }, origin: value };
}
