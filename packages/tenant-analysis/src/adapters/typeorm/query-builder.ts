/**
 * TypeORM's QueryBuilder as SQL (CONTRACT.md: "`QueryBuilder` `.where("…", params)` is SQL"). The
 * chain from `createQueryBuilder` (and, for a builder held in a variable, the calls made on it in
 * the same function) is assembled into one statement over the main alias, the way TypeORM
 * assembles it: string fragments joined by `AND` / `OR` without brackets (so SQL's precedence
 * decides, as it does at run time: `where(a).orWhere(b)` is `a OR b`), `Brackets` in brackets,
 * joins as joins with their conditions, parameters by name. The SQL reader then says what
 * narrows the main alias. What the chain does not show (a fragment built at run time, an alias
 * that is not the main one, a builder changed where the analysis cannot follow) stays unverified.
 */
import ts from "../../typescript.cjs";
import { abbreviate, chainedCalls, enclosingFunction, isNullish, propertyNameText, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import { ownershipView } from "../../data-layer/ownership-view.js";
import type { Predicate, PredicateValue } from "../../data-layer/predicate.js";
import type { QueryOperation, QuerySite } from "../../data-layer/query-site.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import { textOf } from "../../data-layer/sql-calls.js";
import { aliasFilter } from "../../data-layer/sql-sites.js";
import type { SqlPlaceholder } from "../../data-layer/sql/index.js";
import { readObject } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { AnalysisContext } from "../../types.js";
import { whereDialect } from "./dialects.js";

/** Where a builder starts: `repo.createQueryBuilder("t")` knows its entity; `dataSource.createQueryBuilder()` learns it from `from`/`update`. */
export interface BuilderStart {
  readonly call: ts.CallExpression;
  readonly entity?: DataModel;
  readonly alias?: string;
}

export type BuilderReading =
  { readonly site: QuerySite } | { readonly undecided: string; readonly node: ts.Node } | { readonly global: ts.Node };

/** How a where clause joins what came before it. */
type ClauseType = "where" | "and" | "or";

interface Clause {
  readonly type: ClauseType;
  /** The fragment: SQL text, a hole for a where object, or why it cannot be read. */
  readonly condition: Condition;
  /** Added in a branch, a loop or a callback: present at run time or not. */
  readonly conditional: boolean;
}

type Condition =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "object"; readonly value: ts.Expression }
  | { readonly kind: "brackets"; readonly negated: boolean; readonly clauses: readonly Clause[] }
  | { readonly kind: "unseen"; readonly reason: string };

interface Join {
  readonly alias: string;
  readonly inner: boolean;
  readonly condition?: Condition;
}

interface Reading {
  entity?: DataModel | { readonly unknown: string };
  alias?: string;
  operation: QueryOperation;
  readonly clauses: Clause[];
  readonly joins: Join[];
  readonly parameters: Map<string, ts.Expression>;
  /** Why some parameters cannot be seen (`setParameters(params)`). */
  unseenParameters?: string;
  changes?: ts.Expression;
  /** Why the reading cannot be trusted at all. */
  unseen?: string;
  /** The builder leaves the function unfinished: its callers may add conditions. */
  escapes?: boolean;
}

const terminal = new Set([
  "getMany",
  "getOne",
  "getOneOrFail",
  "getManyAndCount",
  "getRawMany",
  "getRawOne",
  "getRawAndEntities",
  "getCount",
  "getExists",
  "execute",
  "stream",
]);

const joins: Readonly<Record<string, { alias: number; condition: number; inner: boolean }>> = {
  innerJoin: { alias: 1, condition: 2, inner: true },
  leftJoin: { alias: 1, condition: 2, inner: false },
  innerJoinAndSelect: { alias: 1, condition: 2, inner: true },
  leftJoinAndSelect: { alias: 1, condition: 2, inner: false },
  innerJoinAndMapOne: { alias: 2, condition: 3, inner: true },
  innerJoinAndMapMany: { alias: 2, condition: 3, inner: true },
  leftJoinAndMapOne: { alias: 2, condition: 3, inner: false },
  leftJoinAndMapMany: { alias: 2, condition: 3, inner: false },
};

/** Conditional clauses are read as each combination of present and absent, up to this many. */
const maxConditional = 4;

export function readQueryBuilder(
  start: BuilderStart,
  modelNamed: (argument: ts.Expression | undefined) => DataModel | { readonly unknown: string } | undefined,
  context: AnalysisContext,
): BuilderReading {
  const reading: Reading = {
    ...(start.entity ? { entity: start.entity } : {}),
    ...(start.alias === undefined ? {} : { alias: start.alias }),
    operation: "read",
    clauses: [],
    joins: [],
    parameters: new Map(),
  };
  const links = chainedCalls(start.call);
  const top = links.at(-1)?.call ?? start.call;
  for (const link of links) apply(reading, link.method, link.call, false, modelNamed, context);
  followVariable(reading, top, modelNamed, context);
  if (reading.unseen) return { undecided: `a QueryBuilder: ${reading.unseen}`, node: top };
  const entity = reading.entity;
  if (!entity) return { undecided: "a QueryBuilder whose entity the chain does not name", node: top };
  if ("unknown" in entity) return { undecided: `a QueryBuilder of ${entity.unknown}`, node: top };
  const schema = context.dataSchema!;
  const view = ownershipView(entity, schema, context);
  if (view.ownership.kind === "global") return { global: top };
  const method = links.find((link) => terminal.has(link.method))?.method ?? "createQueryBuilder";
  const base = { node: top, method, target: entity.name, view, operation: reading.operation } as const;
  if (reading.operation === "insert")
    return { undecided: "a QueryBuilder insert: its values are not read yet", node: top };
  const filter = builderFilter(reading, entity, schema, context);
  if ("undecided" in filter) return { undecided: `a QueryBuilder: ${filter.undecided}`, node: top };
  const reassignment =
    reading.changes && view.ownership.kind === "tenant-owned" ? reassignmentOf(reading, context) : undefined;
  const site: QuerySite = {
    ...base,
    filter: reading.escapes
      ? {
          kind: "all",
          parts: [
            filter.filter,
            {
              kind: "decided",
              evidence: "unknown",
              reason: "a QueryBuilder that leaves the function: its callers may add the tenant",
            },
          ],
        }
      : filter.filter,
    ...(reassignment ? { reassignment } : {}),
    wording: { or: "orWhere" },
  };
  return { site };
}

function apply(
  reading: Reading,
  method: string,
  call: ts.CallExpression,
  conditional: boolean,
  modelNamed: (argument: ts.Expression | undefined) => DataModel | { readonly unknown: string } | undefined,
  context: AnalysisContext,
): void {
  const [first, second] = call.arguments;
  switch (method) {
    case "where":
    case "andWhere":
    case "orWhere": {
      const type: ClauseType = method === "where" ? "where" : method === "andWhere" ? "and" : "or";
      // `where` replaces every condition before it: in a branch, which ones hold depends on the branch.
      if (type === "where" && conditional) {
        reading.unseen ??= "where() is called conditionally, replacing the conditions before it";
        return;
      }
      if (type === "where") reading.clauses.length = 0;
      reading.clauses.push({ type, condition: conditionOf(first, reading, context, 0), conditional });
      addParameters(reading, second);
      return;
    }
    case "whereInIds":
    case "andWhereInIds":
    case "orWhereInIds": {
      const name = `__ids${reading.parameters.size}`;
      if (first) reading.parameters.set(name, first);
      const type: ClauseType = method === "whereInIds" ? "where" : method === "andWhereInIds" ? "and" : "or";
      if (type === "where") reading.clauses.length = 0;
      reading.clauses.push({ type, condition: { kind: "text", text: `__alias__.id IN (:...${name})` }, conditional });
      return;
    }
    case "setParameter": {
      const name = first && unwrap(first);
      if (name && ts.isStringLiteralLike(name) && second) reading.parameters.set(name.text, second);
      else reading.unseenParameters ??= "a parameter named at run time";
      return;
    }
    case "setParameters":
      addParameters(reading, first);
      return;
    case "from":
    case "into":
      setEntity(reading, first, second, modelNamed);
      return;
    case "update":
      reading.operation = "update";
      if (first && !isValuesObject(first)) {
        setEntity(reading, first, undefined, modelNamed);
        if (second) reading.changes = second;
      } else if (first) reading.changes = first;
      return;
    case "set":
      if (first) reading.changes = first;
      return;
    case "delete":
      reading.operation = "delete";
      return;
    case "softDelete":
    case "restore":
      reading.operation = "update";
      return;
    case "insert":
      reading.operation = "insert";
      return;
    default: {
      const join = joins[method];
      if (!join) return;
      const alias = call.arguments[join.alias] && unwrap(call.arguments[join.alias]!);
      if (!alias || !ts.isStringLiteralLike(alias)) {
        reading.unseen ??= `a join whose alias is not written (${method})`;
        return;
      }
      const condition = call.arguments[join.condition];
      reading.joins.push({
        alias: alias.text,
        inner: join.inner,
        ...(condition ? { condition: conditionOf(condition, reading, context, 0) } : {}),
      });
      addParameters(reading, call.arguments[join.condition + 1]);
    }
  }
}

/** `update({ status })` takes the values; `update(Invoice, { status })` the entity first. */
function isValuesObject(argument: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(unwrap(argument));
}

function setEntity(
  reading: Reading,
  entity: ts.Expression | undefined,
  alias: ts.Expression | undefined,
  modelNamed: (argument: ts.Expression | undefined) => DataModel | { readonly unknown: string } | undefined,
): void {
  if (!entity) return;
  const model = modelNamed(entity);
  reading.entity = model ?? { unknown: `${abbreviate(entity.getText())}, not an @Entity class the analysis found` };
  const name = alias && unwrap(alias);
  if (name && ts.isStringLiteralLike(name)) reading.alias = name.text;
}

function addParameters(reading: Reading, argument: ts.Expression | undefined): void {
  if (!argument) return;
  const node = unwrap(argument);
  if (!ts.isObjectLiteralExpression(node)) {
    reading.unseenParameters ??= `parameters the analysis cannot see into (${abbreviate(argument.getText())})`;
    return;
  }
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyNameText(property.name);
      if (name !== undefined) reading.parameters.set(name, property.initializer);
    } else if (ts.isShorthandPropertyAssignment(property)) reading.parameters.set(property.name.text, property.name);
    else reading.unseenParameters ??= "parameters spread from another object";
  }
}

/** A where argument: SQL text, `Brackets`, a where object, or what cannot be read. */
function conditionOf(
  argument: ts.Expression | undefined,
  reading: Reading,
  context: AnalysisContext,
  depth: number,
): Condition {
  if (!argument) return { kind: "unseen", reason: "a where() without a condition" };
  const node = unwrap(argument);
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return { kind: "object", value: node };
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const name = node.expression.text;
    if (name === "Brackets" || name === "NotBrackets")
      return brackets(node, name === "NotBrackets", reading, context, depth);
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node))
    return { kind: "unseen", reason: "a condition returned by a function (a sub-query)" };
  const text = textOf(argument, context);
  if (!text) return { kind: "unseen", reason: `a condition built at run time (${abbreviate(argument.getText())})` };
  if ("unseen" in text) return { kind: "unseen", reason: text.unseen };
  if (typeof text.sql !== "string" || text.holes.length > 0)
    return { kind: "unseen", reason: "a condition written as a template with values in it" };
  return { kind: "text", text: text.sql };
}

/** `new Brackets((qb) => { qb.where(…).orWhere(…) })`: the callback's conditions, in brackets. */
function brackets(
  node: ts.NewExpression,
  negated: boolean,
  reading: Reading,
  context: AnalysisContext,
  depth: number,
): Condition {
  const callback = node.arguments?.[0] && unwrap(node.arguments[0]);
  if (depth > 6 || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
    return { kind: "unseen", reason: "Brackets whose conditions are not written in place" };
  const parameter = callback.parameters[0]?.name;
  if (!parameter || !ts.isIdentifier(parameter))
    return { kind: "unseen", reason: "Brackets without a builder parameter" };
  const expressions = ts.isBlock(callback.body)
    ? callback.body.statements.map((statement) =>
        ts.isExpressionStatement(statement) ? statement.expression : undefined,
      )
    : [callback.body];
  const inner: Reading = { ...reading, clauses: [], joins: [] };
  for (const expression of expressions) {
    const root = expression && rootOf(expression);
    if (!root || !ts.isIdentifier(root) || root.text !== parameter.text)
      return { kind: "unseen", reason: "Brackets whose callback does more than chain conditions" };
    for (const link of chainedCalls(root)) {
      const [first, second] = link.call.arguments;
      const type: ClauseType | undefined =
        link.method === "where"
          ? "where"
          : link.method === "andWhere"
            ? "and"
            : link.method === "orWhere"
              ? "or"
              : undefined;
      if (!type) return { kind: "unseen", reason: `Brackets calling ${link.method}()` };
      if (type === "where") inner.clauses.length = 0;
      inner.clauses.push({ type, condition: conditionOf(first, reading, context, depth + 1), conditional: false });
      addParameters(reading, second);
    }
  }
  if (inner.unseenParameters) reading.unseenParameters ??= inner.unseenParameters;
  return { kind: "brackets", negated, clauses: inner.clauses };
}

function rootOf(expression: ts.Expression): ts.Expression {
  let node = unwrap(expression);
  for (;;) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
      node = unwrap(node.expression.expression);
    else return node;
  }
}

/**
 * `const qb = repo.createQueryBuilder("t")…; qb.andWhere(…); return qb.getMany();`: the calls on
 * the variable in its function, in source order. A call in a branch, a loop or a callback is
 * conditional; any other use of the variable (an argument, a returned builder) lets it escape.
 */
function followVariable(
  reading: Reading,
  top: ts.Expression,
  modelNamed: (argument: ts.Expression | undefined) => DataModel | { readonly unknown: string } | undefined,
  context: AnalysisContext,
): void {
  let holder: ts.Node = top.parent;
  while (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder))
    holder = holder.parent;
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) {
    if (!terminalAt(top) && escapesAt(holder)) reading.escapes = true;
    return;
  }
  const declaration = holder;
  const name = holder.name;
  const block = declaration.parent.parent.parent;
  const scope = enclosingFunction(declaration);
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && isReference(node)) {
      const binding = resolveBinding(node, context.checker);
      if (binding && binding.kind === "variable" && binding.declaration === declaration) uses.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  for (const use of uses) {
    const links = chainedCalls(use);
    // `qb = qb.andWhere(…)`: the same builder again.
    const parent = use.parent;
    if (links.length === 0) {
      if (
        ts.isBinaryExpression(parent) &&
        parent.left === use &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
      )
        continue;
      reading.escapes = true;
      continue;
    }
    const conditional = statementBlock(use) !== block;
    for (const link of links) apply(reading, link.method, link.call, conditional, modelNamed, context);
  }
}

function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  return true;
}

/** The block or source file the statement holding `node` sits in directly. */
function statementBlock(node: ts.Node): ts.Node | undefined {
  let current: ts.Node = node;
  while (current.parent && !(ts.isBlock(current.parent) || ts.isSourceFile(current.parent))) {
    if (
      ts.isFunctionLike(current.parent) ||
      ts.isIfStatement(current.parent) ||
      ts.isIterationStatement(current.parent, false)
    )
      return current.parent;
    current = current.parent;
  }
  return current.parent;
}

function terminalAt(top: ts.Expression): boolean {
  return (
    ts.isCallExpression(top) && ts.isPropertyAccessExpression(top.expression) && terminal.has(top.expression.name.text)
  );
}

/** A builder returned or handed on, not run where it is built. */
function escapesAt(holder: ts.Node): boolean {
  return ts.isReturnStatement(holder) || ts.isArrowFunction(holder) || ts.isCallExpression(holder);
}

interface Assembled {
  readonly parts: string[];
  readonly holes: ts.Expression[];
  unseen?: string;
}

function builderFilter(
  reading: Reading,
  entity: DataModel,
  schema: DataSchema,
  context: AnalysisContext,
): { readonly filter: Predicate } | { readonly undecided: string } {
  const alias = reading.alias ?? entity.name;
  const conditional = reading.clauses.filter((clause) => clause.conditional);
  if (conditional.length > maxConditional)
    return { undecided: `more than ${maxConditional} conditions are added conditionally` };
  const variants: Predicate[] = [];
  for (let mask = 0; mask < 2 ** conditional.length; mask += 1) {
    const present = reading.clauses.filter((clause) => {
      const index = conditional.indexOf(clause);
      return index < 0 || (mask & (1 << index)) !== 0;
    });
    const read = variantFilter(reading, present, alias, entity, schema, context);
    if ("undecided" in read) return read;
    variants.push(read.filter);
  }
  return { filter: variants.length === 1 ? variants[0]! : { kind: "either", parts: variants } };
}

function variantFilter(
  reading: Reading,
  clauses: readonly Clause[],
  alias: string,
  entity: DataModel,
  schema: DataSchema,
  context: AnalysisContext,
): { readonly filter: Predicate } | { readonly undecided: string } {
  const aliases = new Set([alias, ...reading.joins.map((join) => join.alias)]);
  const sql: Assembled = { parts: [""], holes: [] };
  const text = (value: string): void => {
    sql.parts[sql.parts.length - 1] += value;
  };
  const hole = (value: ts.Expression): void => {
    sql.holes.push(value);
    sql.parts.push("");
  };
  const condition = (value: Condition): void => {
    switch (value.kind) {
      case "text":
        text(quoteAliases(value.text.replaceAll("__alias__", alias), aliases));
        return;
      case "object":
        hole(value.value);
        return;
      case "unseen":
        sql.unseen ??= value.reason;
        return;
      case "brackets":
        if (value.clauses.length === 0) {
          text(value.negated ? "NOT (1 = 1)" : "1 = 1");
          return;
        }
        text(value.negated ? "NOT (" : "(");
        where(value.clauses);
        text(")");
    }
  };
  const where = (list: readonly Clause[]): void => {
    list.forEach((clause, index) => {
      if (index > 0) text(clause.type === "or" ? " OR " : " AND ");
      condition(clause.condition);
    });
  };
  const table = entity.table ?? entity.name;
  const statement =
    reading.operation === "update" ? "UPDATE" : reading.operation === "delete" ? "DELETE FROM" : "SELECT 1 FROM";
  text(`${statement} ${quoted(table)} AS ${quoted(alias)}`);
  if (reading.operation === "update") text(" SET __none__ = NULL");
  if (reading.operation === "read") {
    for (const join of reading.joins) {
      text(
        ` ${join.inner ? "INNER" : "LEFT"} JOIN ${quoted(`__typeorm_join_${join.alias}`)} AS ${quoted(join.alias)} ON `,
      );
      if (join.condition) condition(join.condition);
      else text("true");
    }
  }
  if (clauses.length > 0) {
    text(" WHERE ");
    where(clauses);
  }
  if (sql.unseen) return { undecided: sql.unseen };
  const dialect = whereDialect(entity, schema);
  const bind = (placeholder: SqlPlaceholder): PredicateValue => {
    if (placeholder.kind !== "named") return { kind: "unknown", reason: "a placeholder TypeORM does not bind by name" };
    const value = reading.parameters.get(placeholder.name);
    if (value) return isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value };
    return {
      kind: "unknown",
      reason: reading.unseenParameters ?? `the parameter :${placeholder.name} is not passed visibly`,
    };
  };
  const fragment = (placeholder: SqlPlaceholder): Predicate | undefined => {
    if (placeholder.kind !== "hole") return undefined;
    const value = sql.holes[placeholder.index];
    if (!value) return undefined;
    const node = unwrap(value);
    // An array of where objects is a disjunction, as in a repository's `where`.
    if (ts.isArrayLiteralExpression(node))
      return {
        kind: "any",
        parts: node.elements.map((element) => readObject(element, context, dialect, value)),
        operator: "an array of where objects",
        origin: node,
      };
    return readObject(value, context, dialect, value);
  };
  return aliasFilter(sql.holes.length === 0 ? sql.parts[0]! : sql.parts, alias, entity, schema, { bind, fragment });
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * TypeORM writes `alias.property` as a quoted alias and column: `user.tenantId` is
 * `"user"."tenantId"` at run time, so an alias that is a keyword (`user`, `order`) still parses.
 * A small scan (quoted strings and identifiers kept as they are), not a pattern over the text.
 */
function quoteAliases(fragment: string, aliases: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  while (i < fragment.length) {
    const ch = fragment[i]!;
    if (ch === "'" || ch === '"' || ch === "`") {
      let end = i + 1;
      while (end < fragment.length && fragment[end] !== ch) end += 1;
      out += fragment.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (isWordStart(ch) && (i === 0 || !isWordChar(fragment[i - 1]!))) {
      let end = i;
      while (end < fragment.length && isWordChar(fragment[end]!)) end += 1;
      const word = fragment.slice(i, end);
      // A `:name` parameter or `::type` cast is not an alias.
      const parameter = i > 0 && fragment[i - 1] === ":";
      if (!parameter && aliases.has(word) && fragment[end] === "." && fragment[i - 1] !== ".") {
        let next = end + 1;
        while (next < fragment.length && isWordChar(fragment[next]!)) next += 1;
        const property = fragment.slice(end + 1, next);
        out +=
          property.length > 0 && isWordStart(property[0]!) ? `${quoted(word)}.${quoted(property)}` : `${quoted(word)}.`;
        i = property.length > 0 && isWordStart(property[0]!) ? next : end + 1;
        continue;
      }
      out += word;
      i = end;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

function isWordStart(ch: string): boolean {
  return /[A-Za-z_]/u.test(ch);
}

function isWordChar(ch: string): boolean {
  return /[\w$]/u.test(ch);
}

/** `update().set({ tenantId: other })`: the tenant column set to a value other than the one the filter pins. */
function reassignmentOf(reading: Reading, context: AnalysisContext): string | undefined {
  const changes = reading.changes && unwrap(reading.changes);
  if (!changes || !ts.isObjectLiteralExpression(changes)) return undefined;
  const pinned = new Set([...reading.parameters.values()].map((value) => value.getText()));
  for (const property of changes.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined || !isTenantFieldName(name, context)) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer.getText() : name;
    if (!pinned.has(value)) return `${name} in set()`;
  }
  return undefined;
}
