/**
 * TypeORM's `where` objects and entity-like documents as dialects of the object reader. A
 * property is an entity property; its value is a value (pins), `Equal(x)`/`In([...])` (pin),
 * `IsNull()` (null), `Not(x)` (a negation), another operator (`Like`, `MoreThan`: no pin), or, on
 * a relation, a where object of the related entity (`{ organization: { id } }`). A relation
 * filtered by the referenced key of its own foreign key is that foreign key
 * (`{ tenant: { id: t } }` is `tenant_id = t`).
 */
import ts from "../../typescript.cjs";
import { calleeName, isNullish, propertyNameText, unwrap } from "../../ast.js";
import { tenantFieldOf } from "../../data-layer/ownership.js";
import type { Predicate } from "../../data-layer/predicate.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import type { ObjectDialect } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";
import { findOperators } from "./operations.js";

function valueFilter(field: string, value: ts.Expression): Predicate {
  const node = unwrap(value);
  if (isNullish(node)) return { kind: "compare", field, pins: true, value: { kind: "null" }, origin: value };
  if (ts.isCallExpression(node)) {
    const operator = calleeName(node);
    const kind = operator === undefined ? undefined : findOperators[operator];
    const operand = node.arguments[0];
    if (kind === "null") return { kind: "compare", field, pins: true, value: { kind: "null" }, origin: value };
    if (kind === "not")
      return { kind: "not", part: operand ? valueFilter(field, operand) : { kind: "all", parts: [] }, origin: value };
    if (kind === "pins") {
      if (!operand)
        return {
          kind: "compare",
          field,
          pins: false,
          value: { kind: "unknown", reason: "an operator without a value" },
          origin: value,
        };
      return {
        kind: "compare",
        field,
        pins: true,
        value: isNullish(operand) ? { kind: "null" } : { kind: "expression", expression: operand },
        origin: value,
      };
    }
    if (kind === "other")
      return { kind: "compare", field, pins: false, value: { kind: "expression", expression: value }, origin: value };
  }
  return { kind: "compare", field, pins: true, value: { kind: "expression", expression: value }, origin: value };
}

function singleProperty(value: ts.Expression, name: string): ts.Expression | undefined {
  const node = unwrap(value);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

export function whereDialect(model: DataModel | undefined, schema: DataSchema | undefined): ObjectDialect {
  const dialect: ObjectDialect = {
    property(name, value, reader) {
      const field = model?.fields.get(name);
      const relation = field?.relation;
      if (relation) {
        if (isNullish(unwrap(value))) return undefined;
        const foreignKey = relation.fields[0];
        const key = relation.references[0] !== undefined ? singleProperty(value, relation.references[0]) : undefined;
        if (foreignKey !== undefined && key) return valueFilter(foreignKey, key);
        const related = schema?.models.get(relation.model);
        return {
          kind: "related",
          relation: name,
          part: reader.read(value, whereDialect(related, schema)),
          origin: value,
        };
      }
      if (field || isTenantFieldName(name, reader.context)) return valueFilter(name, value);
      return undefined;
    },
  };
  return dialect;
}

/** The relation whose foreign key is the tenant field (`tenant` for `tenant_id`). */
export function tenantRelationOf(model: DataModel, context: AnalysisContext): string | undefined {
  const tenantField = tenantFieldOf(model, context.settings);
  if (tenantField === undefined) return undefined;
  for (const field of model.fields.values()) if (field.relation?.fields.includes(tenantField)) return field.name;
  return undefined;
}

/** Entity-like documents: the tenant property, or the tenant relation set to a row (`tenant: { id: t }`, `tenant: org`). */
export function documentDialect(model: DataModel, context: AnalysisContext): ObjectDialect {
  const tenantField = tenantFieldOf(model, context.settings);
  const tenantRelation = tenantRelationOf(model, context);
  return {
    property(name, value) {
      if (name !== tenantField && name !== tenantRelation && !isTenantFieldName(name, context)) return undefined;
      // Set to a value (or to the tenant's row), the entity carries the tenant, whatever its property is called.
      if (isNullish(unwrap(value)))
        return { kind: "decided", evidence: "no", reason: `${name} is null`, origin: value };
      return { kind: "decided", evidence: "yes", reason: `sets ${name}`, origin: value };
    },
  };
}
