/**
 * Drizzle conditions as the neutral predicate, for one table of the query: `eq(t.tenantId, x)`
 * and `inArray(t.tenantId, xs)` pin the column, `and(…)` is a conjunction, `or(…)` a disjunction,
 * `not(…)` and `ne(…)` negate, `isNull`, `gt`, `like`, … compare without pinning. A column of
 * another table of the query says nothing about this one, except an equality of the two tables'
 * tenant columns, or of one table's key with the other's reference to it (a join condition):
 * then this table is scoped as the other is. `sql\`…\`` is raw SQL, not read yet.
 */
import ts from "../../typescript.cjs";
import { isNullish, propertyNameText, returnedExpressions, unwrap } from "../../ast.js";
import { initialValue, resolveBinding } from "../../bindings.js";
import type { Predicate, PredicateValue } from "../../data-layer/predicate.js";
import type { DataModel } from "../../data-layer/schema.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";

const pinning = new Set(["eq", "inArray"]);
const comparing = new Set([
  "ne",
  "notInArray",
  "gt",
  "gte",
  "lt",
  "lte",
  "isNull",
  "isNotNull",
  "like",
  "ilike",
  "notLike",
  "notIlike",
  "between",
  "notBetween",
  "arrayContains",
  "arrayContained",
  "arrayOverlaps",
]);

/** A column reference of the query: which of its tables, and the column's key. */
export interface ColumnRef {
  readonly table: DataModel;
  readonly field: string;
}

export interface ConditionContext {
  readonly context: AnalysisContext;
  /** The table this predicate is for. */
  readonly table: DataModel;
  /** `notes.tenantId`, `t.tenantId` (a callback's table parameter): the column it names, if any. */
  readonly columnOf: (expression: ts.Expression) => ColumnRef | undefined;
  /** Another table's own predicate, to stand for this one through a join condition; undefined once nested. */
  readonly predicateOf?: (table: DataModel) => Predicate;
  /** Operators passed to a where callback: `(t, { eq, and }) => …`, `(t, ops) => ops.eq(…)`. */
  readonly operatorParameter?: ts.ParameterDeclaration;
}

const unknown = (reason: string, origin: ts.Node): Predicate => ({
  kind: "decided",
  evidence: "unknown",
  reason,
  origin,
});
const rawSql = "a sql`…` condition (raw SQL in Drizzle is not read yet)";

export function readCondition(expression: ts.Expression | undefined, scope: ConditionContext, depth = 0): Predicate {
  if (!expression) return { kind: "all", parts: [] };
  if (depth > 8) return unknown("a condition too deeply nested to follow", expression);
  const node = unwrap(expression);
  const read = (inner: ts.Expression | undefined) => readCondition(inner, scope, depth + 1);
  if (isNullish(node)) return { kind: "all", parts: [], origin: node };
  if (ts.isTaggedTemplateExpression(node)) return unknown(rawSql, node);
  if (ts.isConditionalExpression(node))
    return { kind: "either", parts: [read(node.whenTrue), read(node.whenFalse)], origin: node };
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return { kind: "either", parts: [read(node.left), read(node.right)], origin: node };
  }
  // `cond && eq(…)` inside `and(…)`: false/undefined drops out, so it may be absent.
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return { kind: "either", parts: [{ kind: "all", parts: [] }, read(node.right)], origin: node };
  }
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, scope.context.checker);
    if (value && value !== node) return read(value);
    return unknown("a condition the analysis cannot see into", node);
  }
  if (!ts.isCallExpression(node)) return unknown("a condition the analysis cannot see into", node);
  const operator = operatorName(node, scope);
  if (operator === undefined) return helperCondition(node, scope, depth);
  const args = node.arguments;
  switch (operator) {
    case "and":
      return {
        kind: "all",
        parts: args.map((part) => (ts.isSpreadElement(part) ? spreadParts(part, scope, depth, true) : read(part))),
        origin: node,
      };
    case "or":
      return {
        kind: "any",
        parts: args.map((part) => (ts.isSpreadElement(part) ? spreadParts(part, scope, depth, false) : read(part))),
        operator: "or()",
        origin: node,
      };
    case "not":
      return { kind: "not", part: read(args[0]), origin: node };
    case "sql":
      return unknown(rawSql, node);
    default:
      break;
  }
  if (pinning.has(operator) || comparing.has(operator)) return comparison(node, operator, scope);
  return unknown(`a condition built with ${operator}() the analysis does not read`, node);
}

/**
 * `and(...conditions)` over a `const` array literal: its elements are read. Elements pushed later
 * (`if (cursor) conditions.push(lt(…))`) only add conjuncts to an `and`, so they are left out
 * there; in an `or` they would add branches, and any other change of the array is not followed.
 */
function spreadParts(
  spread: ts.SpreadElement,
  scope: ConditionContext,
  depth: number,
  conjunction: boolean,
): Predicate {
  let node = unwrap(spread.expression);
  if (ts.isIdentifier(node)) node = initialValue(node, scope.context.checker) ?? node;
  const changes = arrayChanges(spread.expression);
  const followed = changes === "none" || (changes === "pushes" && conjunction);
  if (ts.isArrayLiteralExpression(node) && followed) {
    return {
      kind: "all",
      parts: node.elements.map((element) =>
        ts.isSpreadElement(element)
          ? unknown("a spread of conditions", element)
          : readCondition(element, scope, depth + 1),
      ),
    };
  }
  return unknown("a spread of conditions the analysis cannot see", spread);
}

/** How the array a spread names is changed after its literal: not at all, only by `push`/`unshift`, or otherwise. */
function arrayChanges(expression: ts.Expression): "none" | "pushes" | "other" {
  const node = unwrap(expression);
  if (!ts.isIdentifier(node)) return "none";
  let result: "none" | "pushes" | "other" = "none";
  const visit = (inner: ts.Node): void => {
    if (result === "other") return;
    if (
      ts.isPropertyAccessExpression(inner) &&
      ts.isIdentifier(inner.expression) &&
      inner.expression.text === node.text
    ) {
      const used = ts.isCallExpression(inner.parent) && inner.parent.expression === inner;
      if (used && (inner.name.text === "push" || inner.name.text === "unshift")) result = "pushes";
      else if (used || inner.name.text === "length") result = "other";
    }
    ts.forEachChild(inner, visit);
  };
  visit(node.getSourceFile());
  return result;
}

/** A local function that returns a condition: `scoped(t)` defined in the file. */
function helperCondition(call: ts.CallExpression, scope: ConditionContext, depth: number): Predicate {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, scope.context.checker);
    let fn: ts.FunctionLikeDeclaration | undefined;
    if (binding?.kind === "function") fn = binding.declaration;
    else if (binding?.kind === "variable" && binding.declaration.initializer) {
      const value = unwrap(binding.declaration.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) fn = value;
    }
    if (fn && call.arguments.length === 0) {
      const returned = returnedExpressions(fn);
      if (returned.length > 0)
        return { kind: "either", parts: returned.map((value) => readCondition(value, scope, depth + 1)), origin: call };
    }
  }
  return unknown("a condition made by a call the analysis cannot see into", call);
}

/** The Drizzle operator a call makes: `eq(…)` imported or from the callback's operators, `ops.eq(…)`. */
function operatorName(call: ts.CallExpression, scope: ConditionContext): string | undefined {
  const callee = unwrap(call.expression);
  let name: string | undefined;
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, scope.context.checker);
    if (binding?.kind === "import")
      name = binding.imported === "default" || binding.imported === "*" ? undefined : binding.imported;
    else if (binding?.kind === "parameter" || binding?.kind === "other" || binding === undefined)
      name = destructuredName(callee, scope) ?? (binding === undefined ? undefined : callee.text);
    else return undefined;
  } else if (ts.isPropertyAccessExpression(callee)) {
    // `ops.eq(…)`, `drizzle.eq(…)` of `import * as drizzle from "drizzle-orm"`
    name = callee.name.text;
  }
  if (name === undefined) return undefined;
  if (name === "sql" || name === "and" || name === "or" || name === "not" || pinning.has(name) || comparing.has(name))
    return name;
  return undefined;
}

/** `{ eq: equals }` destructured from the callback's operators: the operator's own name. */
function destructuredName(identifier: ts.Identifier, scope: ConditionContext): string | undefined {
  const pattern = scope.operatorParameter?.name;
  if (!pattern || !ts.isObjectBindingPattern(pattern)) return undefined;
  for (const element of pattern.elements) {
    if (ts.isIdentifier(element.name) && element.name.text === identifier.text)
      return propertyNameText(element.propertyName) ?? element.name.text;
  }
  return undefined;
}

function comparison(call: ts.CallExpression, operator: string, scope: ConditionContext): Predicate {
  const [left, right] = call.arguments;
  const leftColumn = left ? scope.columnOf(left) : undefined;
  const rightColumn = right ? scope.columnOf(right) : undefined;
  const own =
    leftColumn?.table === scope.table ? leftColumn : rightColumn?.table === scope.table ? rightColumn : undefined;
  if (!own) {
    if (leftColumn || rightColumn)
      return { kind: "decided", evidence: "no", reason: "a condition on another table", origin: call };
    return unknown("a comparison of values the analysis cannot read as columns", call);
  }
  const other = own === leftColumn ? right : left;
  const otherColumn = own === leftColumn ? rightColumn : leftColumn;
  const pins = pinning.has(operator);
  if (otherColumn && pins && operator === "eq") return joined(own, otherColumn, call, scope);
  const value: PredicateValue = !other
    ? { kind: "unknown", reason: "no value" }
    : isNullish(other)
      ? { kind: "null" }
      : ts.isStringLiteralLike(unwrap(other)) || ts.isNumericLiteral(unwrap(other))
        ? { kind: "literal", text: unwrap(other).getText() }
        : { kind: "expression", expression: other };
  const compare: Predicate = { kind: "compare", field: own.field, pins, value, origin: call };
  return operator === "ne" || operator === "notInArray"
    ? { kind: "not", part: { ...compare, pins: true }, origin: call }
    : compare;
}

/**
 * `eq(notes.tenantId, boards.tenantId)`, `eq(comments.noteId, notes.id)`: this table is scoped
 * as the other table is, through the equal tenant column or the foreign key's relation.
 */
function joined(own: ColumnRef, other: ColumnRef, call: ts.CallExpression, scope: ConditionContext): Predicate {
  const otherPredicate = scope.predicateOf?.(other.table);
  if (!otherPredicate) return { kind: "decided", evidence: "no", reason: "a comparison of two columns", origin: call };
  const context = scope.context;
  if (isTenantFieldName(own.field, context) && isTenantFieldName(other.field, context))
    return { ...otherPredicate, origin: call } as Predicate;
  for (const field of own.table.fields.values()) {
    const relation = field.relation;
    if (!relation || relation.model !== other.table.name) continue;
    if (relation.fields.includes(own.field) && relation.references.includes(other.field))
      return { kind: "related", relation: field.name, part: otherPredicate, origin: call };
  }
  // A key-to-reference join (`eq(keysRoles.roleId, roles.id)`, or a child by its parent's id):
  // the rows are the ones the other table's rows refer to, as a Prisma `include` would load them.
  if (isSingleKey(own) || isSingleKey(other)) return { ...otherPredicate, origin: call } as Predicate;
  // Two references to the same row (`eq(keysRoles.roleId, rolesPermissions.roleId)`): the children
  // of the parent the other table's rows refer to.
  const parent = referenced(own);
  const otherParent = referenced(other);
  if (parent && otherParent && parent.model === otherParent.model && parent.field === otherParent.field)
    return { ...otherPredicate, origin: call } as Predicate;
  return { kind: "decided", evidence: "no", reason: "a comparison of two columns", origin: call };
}

/** The table and column a single-column reference points at (`roleId` → `roles.id`). */
function referenced(column: ColumnRef): { readonly model: string; readonly field: string } | undefined {
  for (const field of column.table.fields.values()) {
    const relation = field.relation;
    if (relation?.fields.length === 1 && relation.fields[0] === column.field && relation.references.length === 1)
      return { model: relation.model, field: relation.references[0]! };
  }
  return undefined;
}

function isSingleKey(column: ColumnRef): boolean {
  return column.table.uniqueKeys.some((key) => key.length === 1 && key[0] === column.field);
}
