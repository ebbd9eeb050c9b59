/**
 * Reading a filter, document or job payload written in plain JavaScript into the neutral
 * predicate: object literals, spreads (later properties win), `Object.assign`, variables and
 * their later writes, scope helpers, local helpers, alternatives. What each property of a
 * literal means (`$or`, `OR`, `equals`, a relation) is the caller's dialect: data-layer
 * adapters bring theirs, and the plain dialects below know only the tenant field itself.
 */
import ts from "../typescript.cjs";
import { abbreviate, calleeName, isNullish, propertyNameText, unwrap } from "../ast.js";
import { isRequestInput } from "../client-input.js";
import { filterScope, type ScopeVerdict } from "../data-layer/filter-scope.js";
import type { Predicate } from "../data-layer/predicate.js";
import type { AnalysisContext } from "../types.js";
import type { Evidence } from "./evidence.js";
import { localFunction, propertyWrites, returnedExpressions, variableValues } from "./local-flow.js";
import { isTenantFieldName } from "./tenant-value.js";

/** What the named properties of an object literal mean, in one library's filter or document language. */
export interface ObjectDialect {
  /**
   * The predicate part for one property (`name: value`, or `{ name }` with the name as value);
   * undefined when the property says nothing about the tenant (`status: "active"`).
   */
  property(name: string, value: ts.Expression, reader: ObjectReader): Predicate | undefined;
}

/** Reads nested values with the same context, site and depth budget. */
export interface ObjectReader {
  /** `site`: where the value is used, when it differs (a helper's returned object is used in the helper). */
  read(expression: ts.Expression | undefined, dialect?: ObjectDialect, site?: ts.Node): Predicate;
  readonly context: AnalysisContext;
}

/** `filter`: a query filter; `document`: an inserted document or job payload. Both know only the tenant field. */
export type ObjectRole = "filter" | "document";

/** A tenant field pinned to its value (null/undefined pin nothing); every other property is ignored. */
export const plainDialect: ObjectDialect = {
  property(name, value, reader) {
    if (!isTenantFieldName(name, reader.context)) return undefined;
    return {
      kind: "compare",
      field: name,
      pins: true,
      value: isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value },
      origin: value,
    };
  },
};

export interface ObjectVerdict {
  readonly evidence: Evidence;
  /** A disjunction whose branches carry the tenant only in part: the reason it is not scoped. */
  readonly partialOr?: ts.Node;
}

// One definition of client input for every check; re-exported for the callers that import it from here.
export { isRequestInput } from "../client-input.js";

/**
 * Mass assignment: the client's input written wholesale (`data: req.body`), or spread into an
 * object with no tenant property after it (`{ ...req.body, updatedAt }`). A body holding the tenant
 * field moves the row to that tenant. Returns the input's text, abbreviated for a message.
 */
export function clientInputIn(value: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(value);
  if (isRequestInput(node, context)) return abbreviate(node.getText());
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  let found: string | undefined;
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property) && isRequestInput(property.expression, context))
      found = abbreviate(property.expression.getText());
    // A tenant property after the spread wins over whatever the body held.
    else if (
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      isTenantFieldName(propertyNameText(property.name) ?? "", context)
    )
      found = undefined;
  }
  return found;
}

/** Whether an object carries the tenant, read with a dialect (or the plain one for the role). */
export function objectCarriesTenant(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
  role: ObjectRole | ObjectDialect,
  site: ts.Node,
): ObjectVerdict {
  const dialect = typeof role === "string" ? plainDialect : role;
  const verdict = scopeOfObject(readObject(expression, context, dialect, site), context);
  return verdict.partialAny?.node
    ? { evidence: verdict.evidence, partialOr: verdict.partialAny.node }
    : { evidence: verdict.evidence };
}

/** Evaluates a predicate read from plain JavaScript against a model that owns the tenant field directly. */
function scopeOfObject(predicate: Predicate, context: AnalysisContext): ScopeVerdict {
  return filterScope(
    predicate,
    { ownership: { kind: "tenant-owned", field: context.settings.tenantFields[0]! } },
    context,
  );
}

const maxDepth = 8;

/** Reads an expression into the neutral predicate, following plain JavaScript data flow within the file. */
export function readObject(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
  dialect: ObjectDialect,
  site: ts.Node,
): Predicate {
  const read = (
    value: ts.Expression | undefined,
    current: ObjectDialect,
    depth: number,
    usedAt: ts.Node,
  ): Predicate => {
    if (!value) return { kind: "all", parts: [] };
    if (depth > maxDepth) return decided("unknown", "too deeply nested to follow", value);
    const reader: ObjectReader = {
      context,
      read: (inner, innerDialect, innerSite) => read(inner, innerDialect ?? current, depth + 1, innerSite ?? usedAt),
    };
    const node = unwrap(value);
    if (isNullish(node)) return { kind: "all", parts: [], origin: node };
    if (ts.isObjectLiteralExpression(node)) return literal(node, current, reader);
    if (ts.isIdentifier(node)) return identifier(node, reader, usedAt);
    if (ts.isCallExpression(node)) return call(node, reader);
    if (ts.isConditionalExpression(node))
      return { kind: "either", parts: [reader.read(node.whenTrue), reader.read(node.whenFalse)], origin: node };
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      return { kind: "either", parts: [reader.read(node.left), reader.read(node.right)], origin: node };
    }
    // The caller's own input can never carry the verified tenant: `Campaign.find(req.query)`.
    if (isRequestInput(node, context)) return decided("no", "client input", node);
    return decided("unknown", "a value the analysis cannot see into", node);
  };
  return read(expression, dialect, 0, site);
}

function decided(evidence: Evidence, reason: string, origin: ts.Node): Predicate {
  return { kind: "decided", evidence, reason, origin };
}

function literal(node: ts.ObjectLiteralExpression, dialect: ObjectDialect, reader: ObjectReader): Predicate {
  const { context } = reader;
  const parts: Predicate[] = [];
  // Later properties win: `{ ...filter, tenantId: undefined }` drops the spread's tenant, and
  // `{ tenantId, ...req.query }` lets the caller replace it (`?tenantId=other`).
  const isTenantProperty = (member: ts.ObjectLiteralElementLike): boolean =>
    (ts.isShorthandPropertyAssignment(member) || ts.isPropertyAssignment(member)) &&
    isTenantFieldName(propertyNameText(member.name) ?? "", context);
  const lastTenantIndex = node.properties.findLastIndex(isTenantProperty);
  const overriddenByRequest = (index: number): boolean =>
    node.properties
      .slice(index + 1)
      .some((later) => ts.isSpreadAssignment(later) && isRequestInput(later.expression, context));
  for (const [index, property] of node.properties.entries()) {
    if (ts.isSpreadAssignment(property)) {
      if (index > lastTenantIndex) parts.push(reader.read(property.expression));
      continue;
    }
    if (!ts.isShorthandPropertyAssignment(property) && !ts.isPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined) {
      // A computed key (`[field]: value`) might be the tenant field.
      parts.push(decided("unknown", "a computed key", property));
      continue;
    }
    if (ts.isShorthandPropertyAssignment(property) && name === "undefined") continue;
    const value = ts.isShorthandPropertyAssignment(property) ? property.name : property.initializer;
    const part = dialect.property(name, value, reader);
    if (!part) continue;
    parts.push(
      isTenantProperty(property) && overriddenByRequest(index)
        ? decided("no", "replaceable by client input spread after it", property)
        : part,
    );
  }
  return { kind: "all", parts, origin: node };
}

function identifier(node: ts.Identifier, reader: ObjectReader, site: ts.Node): Predicate {
  const { context } = reader;
  // Writes after the declaration and before the site: `filter.tenantId = t; Campaign.find(filter)`.
  const writes = propertyWrites(node, site);
  if (writes.assigned.some((write) => write.name !== undefined && isTenantFieldName(write.name, context))) {
    return decided("yes", "the tenant field is assigned before use", node);
  }
  const merged = writes.mergedSources.map((source) => reader.read(source));
  const mergedVerdicts = merged.map((part) => scopeOfObject(part, context).evidence);
  if (mergedVerdicts.includes("yes")) return decided("yes", "the tenant is merged in before use", node);
  // `const { filter } = req.body; Campaign.find(filter)`: the client's input, given no tenant since.
  if (isRequestInput(node, context)) return decided("no", "client input", node);
  const { values, opaque } = variableValues(node, context);
  if (opaque) return decided("unknown", `\`${node.text}\` comes from elsewhere`, node);
  const alternatives: Predicate =
    values.length === 1
      ? reader.read(values[0])
      : { kind: "either", parts: values.map((value) => reader.read(value)), origin: node };
  // A computed write (`filter[key] = v`) or an unknown merge may add the tenant.
  if (writes.assigned.some((write) => write.name === undefined) || mergedVerdicts.includes("unknown")) {
    return scopeOfObject(alternatives, context).evidence === "no"
      ? decided("unknown", "written through a computed key or merge", node)
      : alternatives;
  }
  return alternatives;
}

function call(node: ts.CallExpression, reader: ObjectReader): Predicate {
  const { context } = reader;
  const callee = unwrap(node.expression);

  const name = calleeName(node);
  if (
    name !== undefined &&
    (context.settings.scopeHelpers.includes(name) || context.projectFacts?.scopeHelpers.has(name))
  ) {
    return decided("yes", `scope helper ${name}()`, node);
  }
  if (callee.getText() === "Object.assign") {
    const parts = node.arguments.map((argument) => reader.read(argument));
    // Later sources win: `Object.assign({ tenantId }, req.query)` lets the caller replace the tenant.
    const lastTenant = parts.map((part) => scopeOfObject(part, context).evidence).lastIndexOf("yes");
    if (lastTenant >= 0 && node.arguments.slice(lastTenant + 1).some((argument) => isRequestInput(argument, context))) {
      return decided("no", "replaceable by client input merged after it", node);
    }
    return { kind: "all", parts, origin: node };
  }
  const fn = localFunction(node, context);
  if (fn) {
    const returned = returnedExpressions(fn);
    if (returned.length > 0)
      return { kind: "either", parts: returned.map((value) => reader.read(value, undefined, value)), origin: node };
  }
  return decided("unknown", `what ${name ?? "the call"}() returns`, node);
}

/** Whether a function's returned objects always carry the tenant: a scope helper. */
export function returnsTenantScopedObject(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  const returned = returnedExpressions(fn);
  return (
    returned.length > 0 &&
    returned.every((value) => objectCarriesTenant(value, context, "filter", value).evidence === "yes")
  );
}
