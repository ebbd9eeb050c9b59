/**
 * Prisma's `where` and `data` as dialects of the object reader. `where`: `AND` (any conjunct
 * scopes), `OR` (every branch must), `NOT`; a scalar field pinned by a value, `equals` or `in`;
 * a relation field filters the related model (`is`, `some`); a compound unique key
 * (`id_workspaceId: { id, workspaceId }`) is a conjunction of its fields. `data`: the tenant
 * field, or a connection of the tenant relation.
 */
import ts from "../../typescript.cjs";
import { isNullish, propertyNameText, unwrap } from "../../ast.js";
import { tenantFieldOf } from "../../data-layer/ownership.js";
import type { Predicate } from "../../data-layer/predicate.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import type { ObjectDialect, ObjectReader } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";

const unknown = (reason: string, origin: ts.Node): Predicate => ({
  kind: "decided",
  evidence: "unknown",
  reason,
  origin,
});

function objectProperties(value: ts.Expression): Map<string, ts.Expression> | undefined {
  const node = unwrap(value);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const properties = new Map<string, ts.Expression>();
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
    const name = propertyNameText(property.name);
    if (name === undefined) return undefined;
    properties.set(name, ts.isPropertyAssignment(property) ? property.initializer : property.name);
  }
  return properties;
}

function list(value: ts.Expression, reader: ObjectReader, dialect: ObjectDialect): Predicate[] {
  const node = unwrap(value);
  if (!ts.isArrayLiteralExpression(node)) return [reader.read(value, dialect)];
  return node.elements.map((element) =>
    ts.isSpreadElement(element) ? unknown("a spread of conditions", element) : reader.read(element, dialect),
  );
}

/** `field: v`, `field: { equals: v }`, `field: { in: [...] }` pin the field; `{ not: v }`, `{ gt: v }` do not. */
function scalarFilter(field: string, value: ts.Expression): Predicate {
  const node = unwrap(value);
  if (isNullish(node)) return { kind: "compare", field, pins: true, value: { kind: "null" }, origin: value };
  if (!ts.isObjectLiteralExpression(node))
    return { kind: "compare", field, pins: true, value: { kind: "expression", expression: value }, origin: value };
  const operators = objectProperties(node);
  if (!operators) return unknown("field operators the analysis cannot see", value);
  for (const operator of ["equals", "in"]) {
    const operand = operators.get(operator);
    if (operand && !isNullish(operand))
      return { kind: "compare", field, pins: true, value: { kind: "expression", expression: operand }, origin: value };
  }
  return { kind: "compare", field, pins: false, value: { kind: "expression", expression: value }, origin: value };
}

/** The `where` dialect for one model; relation filters switch to the related model's. */
export function whereDialect(model: DataModel | undefined, schema: DataSchema | undefined): ObjectDialect {
  const dialect: ObjectDialect = {
    property(name, value, reader) {
      if (name === "AND") return { kind: "all", parts: list(value, reader, dialect), origin: value };
      if (name === "OR")
        return { kind: "any", parts: list(value, reader, dialect), operator: "OR", origin: value.parent };
      if (name === "NOT")
        return { kind: "not", part: { kind: "all", parts: list(value, reader, dialect) }, origin: value };
      const field = model?.fields.get(name);
      if (field?.relation) return relationFilter(name, value, reader, schema?.models.get(field.relation.model), schema);
      if (field || isTenantFieldName(name, reader.context)) return scalarFilter(name, value);
      // `id_workspaceId: { id, workspaceId }`: a compound unique key, a conjunction of its fields.
      if (model ? isCompoundKeyName(model, name) : name.includes("_")) {
        return ts.isObjectLiteralExpression(unwrap(value))
          ? reader.read(value, dialect)
          : unknown("a compound key the analysis cannot see", value);
      }
      return undefined;
    },
  };
  return dialect;
}

function isCompoundKeyName(model: DataModel, name: string): boolean {
  return model.compoundKeys?.has(name) ?? model.uniqueKeys.some((key) => key.length > 1 && key.join("_") === name);
}

function relationFilter(
  relation: string,
  value: ts.Expression,
  reader: ObjectReader,
  related: DataModel | undefined,
  schema: DataSchema | undefined,
): Predicate | undefined {
  if (isNullish(unwrap(value))) return undefined;
  const inner = whereDialect(related, schema);
  const operators = objectProperties(value);
  const through = (part: Predicate): Predicate => ({ kind: "related", relation, part, origin: value });
  if (operators) {
    const positive = operators.get("is") ?? operators.get("some");
    if (positive) return through(reader.read(positive, inner));
    const negative = operators.get("isNot") ?? operators.get("none") ?? operators.get("every");
    if (negative) return { kind: "not", part: through(reader.read(negative, inner)), origin: value };
  }
  return through(reader.read(value, inner));
}

/** The relation field whose foreign key is the model's tenant field (`workspace` for `workspaceId`). */
export function tenantRelationOf(model: DataModel | undefined, context: AnalysisContext): string | undefined {
  if (!model) {
    const field = context.settings.tenantFields.find((candidate) => /Id$/u.test(candidate));
    return field?.replace(/Id$/u, "");
  }
  const tenantField = tenantFieldOf(model, context.settings);
  if (tenantField === undefined) return undefined;
  for (const field of model.fields.values()) if (field.relation?.fields.includes(tenantField)) return field.name;
  return undefined;
}

const connecting = ["connect", "connectOrCreate", "create"];

/** The `data` dialect: the tenant field set, or the tenant relation connected (`workspace: { connect: { id } }`). */
export function dataDialect(model: DataModel | undefined, context: AnalysisContext): ObjectDialect {
  const tenantRelation = tenantRelationOf(model, context);
  const tenantField = model ? tenantFieldOf(model, context.settings) : undefined;
  return {
    property(name, value) {
      if (name === tenantField || isTenantFieldName(name, context)) {
        return {
          kind: "compare",
          field: name,
          pins: true,
          value: isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value },
          origin: value,
        };
      }
      if (name !== tenantRelation) return undefined;
      const operators = objectProperties(value);
      if (!operators) return unknown("a relation write the analysis cannot see", value);
      return connecting.some((key) => operators.has(key))
        ? { kind: "decided", evidence: "yes", reason: `connects ${name}`, origin: value }
        : undefined;
    },
  };
}
