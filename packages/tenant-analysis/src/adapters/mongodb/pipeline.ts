/**
 * An aggregation is scoped by its first stage: a `$match` (or `$geoNear.query`,
 * `$vectorSearch.filter`) carrying the tenant; Mongoose's `Model.aggregate().match({ … })` too.
 */
import ts from "../../typescript.cjs";
import { chainedCalls, propertyNameText, unwrap } from "../../ast.js";
import { initialValue } from "../../bindings.js";
import type { Predicate } from "../../data-layer/predicate.js";
import { readObject } from "../../evidence/object-evidence.js";
import type { AnalysisContext } from "../../types.js";
import { mongoFilterDialect } from "./filter-dialect.js";

const unknown = (reason: string, origin: ts.Node): Predicate => ({
  kind: "decided",
  evidence: "unknown",
  reason,
  origin,
});
const matchesAll = (origin: ts.Node): Predicate => ({ kind: "all", parts: [], origin });

export function pipelineFilter(call: ts.CallExpression, context: AnalysisContext): Predicate {
  const argument = call.arguments[0];
  const read = (expression: ts.Expression | undefined, site: ts.Node): Predicate =>
    readObject(expression, context, mongoFilterDialect, site);
  if (!argument) {
    const first = chainedCalls(call)[0];
    if (!first || first.method !== "match") return matchesAll(call);
    return read(first.call.arguments[0], first.call);
  }
  let pipeline = unwrap(argument);
  if (ts.isIdentifier(pipeline)) {
    const value = initialValue(pipeline, context.checker);
    if (!value) return unknown("a pipeline the analysis cannot see", argument);
    pipeline = value;
  }
  if (!ts.isArrayLiteralExpression(pipeline)) return unknown("a pipeline the analysis cannot see", argument);
  const stage = pipeline.elements[0];
  if (!stage) return matchesAll(pipeline);
  if (ts.isSpreadElement(stage)) return unknown("a spread first stage", stage);
  let stageObject = unwrap(stage);
  if (ts.isIdentifier(stageObject)) stageObject = initialValue(stageObject, context.checker) ?? stageObject;
  if (!ts.isObjectLiteralExpression(stageObject)) return unknown("a first stage the analysis cannot see", stage);
  return stageFilter(stageObject, read, call);
}

function stageFilter(
  stage: ts.ObjectLiteralExpression,
  read: (expression: ts.Expression | undefined, site: ts.Node) => Predicate,
  site: ts.Node,
): Predicate {
  for (const property of stage.properties) {
    if (!ts.isPropertyAssignment(property)) return unknown("a first stage the analysis cannot see", property);
    const name = propertyNameText(property.name);
    if (name === "$match") return read(property.initializer, site);
    // Atlas Search scopes through its own operators (`compound.filter`), which are not read: undecided.
    if (name === "$search" || name === "$searchMeta") return unknown("an Atlas Search stage", property);
    if (name === "$geoNear" || name === "$vectorSearch") {
      const options = unwrap(property.initializer);
      if (!ts.isObjectLiteralExpression(options)) return unknown("stage options the analysis cannot see", property);
      const inner = options.properties.find(
        (option) =>
          ts.isPropertyAssignment(option) && ["query", "filter"].includes(propertyNameText(option.name) ?? ""),
      );
      return inner && ts.isPropertyAssignment(inner) ? read(inner.initializer, site) : matchesAll(property);
    }
    return matchesAll(property);
  }
  return matchesAll(stage);
}
