/**
 * Kysely as a data layer: `db.selectFrom(t)`, `updateTable(t).set(v)`, `deleteFrom(t)` and
 * `insertInto(t).values(v)` chains, with every `.where(…)` of the chain a conjunct:
 * `where(col, op, v)` compares a column (`=`, `in`, `is` pin it; `!=`, `<>`, `not in`, `>` do not),
 * `where((eb) => …)` is an expression builder (`eb(col, op, v)`, `eb.and([…])`/`eb.and({ col: v })`,
 * `eb.or`, `eb.not`). Tables are named by string (`"campaigns as c"`), columns too (`"c.tenant_id"`).
 * The table's columns come from the schema: a Kysely `Database` interface, or any other source
 * declaring that table. Only the chain's main table is checked; joins are not filters.
 */
import { ownershipView } from "../../data-layer/ownership-view.js";
import ts from "../../typescript.cjs";
import { abbreviate, callMember, isNullish, propertyNameText, unwrap } from "../../ast.js";
import { initialValue, resolveBinding } from "../../bindings.js";
import { withFileModels } from "../../data-layer/file-schema.js";
import type { OwnershipView } from "../../data-layer/filter-scope.js";
import { tenantFieldOf } from "../../data-layer/ownership.js";
import { matchesEverything, type Predicate } from "../../data-layer/predicate.js";
import type {
  DataLayerAdapter,
  DataLayerSites,
  QueryOperation,
  QuerySite,
  WrittenDocument,
} from "../../data-layer/query-site.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import { arrayElements } from "../../evidence/local-flow.js";
import { clientInputIn, objectCarriesTenant, type ObjectDialect } from "../../evidence/object-evidence.js";
import type { FileFacts } from "../../file-facts.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";
import { tablesInFile } from "./schema.js";

export const kyselyQueries: DataLayerAdapter = {
  layer: "kysely",
  querySites(sourceFile, facts, context) {
    const dataSchema = withFileModels(context.dataSchema, tablesInFile(sourceFile));
    return collect(
      facts,
      dataSchema === context.dataSchema ? context : { ...context, ...(dataSchema ? { dataSchema } : {}) },
    );
  },
};

const starts: Readonly<Record<string, QueryOperation>> = {
  selectFrom: "read",
  updateTable: "update",
  deleteFrom: "delete",
  insertInto: "insert",
  replaceInto: "insert",
};
const terminals = new Set(["execute", "executeTakeFirst", "executeTakeFirstOrThrow", "stream", "compile"]);
const pinning = new Set(["=", "==", "in", "is"]);

interface Link {
  readonly method: string;
  readonly call: ts.CallExpression;
}

interface Table {
  readonly model: DataModel;
  /** Names a column may be qualified with: the table, its short name, its alias. */
  readonly qualifiers: ReadonlySet<string>;
}

function collect(facts: FileFacts, context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  const global: ts.Node[] = [];
  for (const call of facts.calls) {
    const member = callMember(call);
    if (member?.method === "execute" && isKyselySql(member.receiver, context)) {
      undecided.push({ node: call, reason: "raw SQL (Kysely's sql`…`) is not read yet" });
      continue;
    }
    if (!member || !Object.hasOwn(starts, member.method)) continue;
    const classification = classifyReceiver(member.receiver, context);
    if (classification.status === "non-target") continue;
    const known = classification.status === "target" && classification.target.library === "kysely";
    if (classification.status === "target" && !known) continue;
    if (!known && isLocalObject(member.receiver, context)) continue;
    const chain = chainFrom(call, member.method);
    const top = chain.at(-1)!.call;
    // `eb.selectFrom(t)…` inside another query's callback is a subquery of that query (mostly
    // correlated with `whereRef` to the outer row): the outer query is the site, not this part.
    if (!terminals.has(chain.at(-1)!.method) && isBuilderParameter(member.receiver)) continue;
    const argument = call.arguments[0] && unwrap(call.arguments[0]);
    if (!argument || !ts.isStringLiteralLike(argument)) {
      if (known)
        undecided.push({
          node: top,
          reason: `a table the analysis cannot read (${member.method} of ${argument ? abbreviate(argument.getText()) : "nothing"})`,
        });
      continue;
    }
    const [tableName, alias] = argument.text.split(/\s+as\s+/u).map((part) => part.trim());
    const model = context.dataSchema?.models.get(tableName!);
    if (!model) {
      // Untyped, an unknown receiver naming no known table is not taken for Kysely at all.
      if (known)
        undecided.push({
          node: top,
          reason: context.dataSchema
            ? `${tableName} is not a table of a Kysely Database interface or another schema source`
            : `no schema was found for ${tableName}`,
        });
      continue;
    }
    const schema = context.dataSchema!;
    const view = ownershipView(model, schema, context);
    if (view.ownership.kind === "global") {
      global.push(top);
      continue;
    }
    const short = tableName!.includes(".") ? tableName!.slice(tableName!.lastIndexOf(".") + 1) : tableName!;
    const table: Table = { model, qualifiers: new Set([tableName!, short, ...(alias ? [alias] : [])]) };
    // `let query = db.selectFrom(t)` extended in later statements: the chain here is not the query.
    if (!terminals.has(chain.at(-1)!.method) && builtAcrossStatements(top)) {
      undecided.push({ node: top, reason: "a Kysely query built across statements" });
      continue;
    }
    sites.push(site(top, member.method, starts[member.method]!, chain, table, view, context));
  }
  return { sites, undecided, global };
}

function chainFrom(call: ts.CallExpression, method: string): Link[] {
  const chain: Link[] = [{ method, call }];
  let current: ts.Expression = call;
  for (;;) {
    const access = current.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== current) break;
    const next = access.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== access) break;
    chain.push({ method: access.name.text, call: next });
    current = next;
  }
  return chain;
}

function builtAcrossStatements(top: ts.CallExpression): boolean {
  let parent: ts.Node = top.parent;
  while (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isVariableDeclaration(parent) && !!parent.parent && (parent.parent.flags & ts.NodeFlags.Const) === 0;
}

/** The model's field for a column as Kysely names it (`"c.tenant_id"`), when it is the main table's. */
function fieldOf(reference: string, table: Table): string | undefined {
  const dot = reference.lastIndexOf(".");
  const column = dot < 0 ? reference : reference.slice(dot + 1);
  if (dot >= 0 && !table.qualifiers.has(reference.slice(0, dot))) return undefined;
  for (const field of table.model.fields.values())
    if (!field.relation && (field.column ?? field.name) === column) return field.name;
  return column;
}

const unknown = (reason: string, origin: ts.Node): Predicate => ({
  kind: "decided",
  evidence: "unknown",
  reason,
  origin,
});

/** `where(col, op, value)` and `eb(col, op, value)`. */
function comparison(args: readonly ts.Expression[], table: Table, origin: ts.Node): Predicate {
  const [reference, operator, value] = args.map((argument) => unwrap(argument));
  if (!reference || !operator || !value) return unknown("a comparison the analysis cannot read", origin);
  if (!ts.isStringLiteralLike(reference)) return unknown("a column chosen at run time", origin);
  const field = fieldOf(reference.text, table);
  // A joined table's column says nothing about the main table's rows.
  if (field === undefined) return matchesEverything;
  if (!ts.isStringLiteralLike(operator)) return unknown("an operator chosen at run time", origin);
  const op = operator.text.toLowerCase();
  const predicateValue = isNullish(value)
    ? ({ kind: "null" } as const)
    : ({ kind: "expression", expression: args[2]! } as const);
  return { kind: "compare", field, pins: pinning.has(op), value: predicateValue, origin };
}

/** The names an expression-builder callback gives `eb` and its destructured helpers. */
interface Builder {
  readonly eb?: string;
  readonly helpers: ReadonlyMap<string, string>;
}

function builderOf(callback: ts.ArrowFunction | ts.FunctionExpression): Builder {
  const parameter = callback.parameters[0];
  if (!parameter) return { helpers: new Map() };
  if (ts.isIdentifier(parameter.name)) return { eb: parameter.name.text, helpers: new Map() };
  const helpers = new Map<string, string>();
  if (ts.isObjectBindingPattern(parameter.name)) {
    for (const element of parameter.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const original = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
      if (original !== undefined) helpers.set(element.name.text, original);
    }
  }
  return { helpers };
}

function callbackBody(callback: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(callback.body)) return callback.body;
  const statements = callback.body.statements;
  const last = statements.at(-1);
  return statements.length === 1 && last && ts.isReturnStatement(last) ? last.expression : undefined;
}

function readBuilderCallback(
  callback: ts.ArrowFunction | ts.FunctionExpression,
  table: Table,
  context: AnalysisContext,
): Predicate {
  const body = callbackBody(callback);
  return body
    ? readExpression(body, builderOf(callback), table, context, 0)
    : unknown("an expression builder with statements", callback);
}

function readExpression(
  expression: ts.Expression,
  builder: Builder,
  table: Table,
  context: AnalysisContext,
  depth: number,
): Predicate {
  const node = unwrap(expression);
  if (depth > 8 || !ts.isCallExpression(node)) return unknown("a condition the analysis cannot see into", node);
  const callee = unwrap(node.expression);
  let helper: string | undefined;
  if (ts.isIdentifier(callee)) helper = callee.text === builder.eb ? "eb" : builder.helpers.get(callee.text);
  else if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    (callee.expression.text === builder.eb || builder.helpers.get(callee.expression.text) === "eb")
  ) {
    helper = callee.name.text;
  }
  const recurse = (inner: ts.Expression) => readExpression(inner, builder, table, context, depth + 1);
  switch (helper) {
    case "eb":
    case "cmpr":
      return comparison(node.arguments, table, node);
    case "and":
    case "or": {
      const parts = listParts(node.arguments[0], helper, table, recurse, context);
      if (!parts) return unknown(`an ${helper}() of conditions the analysis cannot see`, node);
      return helper === "and"
        ? { kind: "all", parts, origin: node }
        : { kind: "any", parts, operator: "eb.or", origin: node };
    }
    case "not":
      return { kind: "not", part: node.arguments[0] ? recurse(node.arguments[0]) : matchesEverything, origin: node };
    default:
      return unknown("a condition the analysis cannot see into", node);
  }
}

/** `[cond, …]` (also through a `const` array), or `{ col: value }` (each an equality). */
function listParts(
  argument: ts.Expression | undefined,
  helper: string,
  table: Table,
  recurse: (inner: ts.Expression) => Predicate,
  context: AnalysisContext,
): Predicate[] | undefined {
  if (!argument) return undefined;
  let node = unwrap(argument);
  // Conditions pushed later only add conjuncts to an `and`, but could add a branch to an `or`.
  if (ts.isIdentifier(node) && helper === "and") node = initialValue(node, context.checker) ?? node;
  if (ts.isObjectLiteralExpression(node)) {
    const parts: Predicate[] = [];
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
      const name = propertyNameText(property.name);
      if (name === undefined) return undefined;
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      const field = fieldOf(name, table);
      if (field === undefined) continue;
      parts.push({
        kind: "compare",
        field,
        pins: true,
        value: isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value },
        origin: property,
      });
    }
    return parts;
  }
  const elements = ts.isArrayLiteralExpression(node) ? node.elements : arrayElements(node);
  if (!elements) return undefined;
  return elements.map((element) =>
    ts.isSpreadElement(element) ? unknown("a spread of conditions", element) : recurse(element),
  );
}

/** One `.where(…)` argument list. */
function whereArguments(link: Link, table: Table, context: AnalysisContext): Predicate {
  const args = link.call.arguments;
  if (args.length >= 3) return comparison(args, table, link.call);
  const only = args[0] && unwrap(args[0]);
  if (only && (ts.isArrowFunction(only) || ts.isFunctionExpression(only)))
    return readBuilderCallback(only, table, context);
  return unknown("a condition the analysis cannot see into", link.call);
}

function filterOf(chain: readonly Link[], table: Table, context: AnalysisContext): Predicate {
  const conjuncts: Predicate[] = [];
  const alternatives: Predicate[] = [];
  for (const link of chain) {
    if (link.method === "where") conjuncts.push(whereArguments(link, table, context));
    else if (link.method === "orWhere") alternatives.push(whereArguments(link, table, context));
    // `$if(cond, qb => qb.where(…))` applies its conditions only when `cond` holds.
    else if (link.method === "$if")
      conjuncts.push(unknown("a condition applied only when $if's test holds", link.call));
  }
  const all: Predicate = { kind: "all", parts: conjuncts };
  return alternatives.length === 0 ? all : { kind: "any", parts: [all, ...alternatives], operator: "orWhere" };
}

function site(
  top: ts.CallExpression,
  method: string,
  operation: QueryOperation,
  chain: readonly Link[],
  table: Table,
  view: OwnershipView,
  context: AnalysisContext,
): QuerySite {
  const base = { node: top, method, target: table.model.name, view, wording: { or: "eb.or", insertPart: "values" } };
  const tenantField = tenantFieldOf(table.model, context.settings);
  if (operation === "insert") {
    const values = chain.find((link) => link.method === "values")?.call.arguments[0];
    const conflict = chain.find((link) => link.method === "onConflict" || link.method === "onDuplicateKeyUpdate");
    const reassignment =
      conflict && tenantField !== undefined ? conflictReassignment(conflict, table, tenantField) : undefined;
    return {
      ...base,
      operation: conflict ? "upsert" : "insert",
      documents: values ? rows(values, top, table, tenantField, context) : [{ evidence: "unknown" }],
      ...(reassignment ? { reassignment } : {}),
    };
  }
  const filter = filterOf(chain, table, context);
  const set = operation === "update" ? chain.find((link) => link.method === "set")?.call.arguments[0] : undefined;
  const pinned = pinnedText(filter, tenantField);
  const reassignment = set && tenantField !== undefined ? setReassignment(set, table, tenantField, pinned) : undefined;
  const updateFromClient = set && !reassignment ? clientInputIn(set, context) : undefined;
  const last = chain.at(-1)!.method;
  const one = operation !== "read" || last === "executeTakeFirst" || last === "executeTakeFirstOrThrow";
  return {
    ...base,
    operation,
    filter,
    ...(one && pinsKeyOnly(filter, table.model, tenantField) ? { byKey: { writes: operation !== "read" } } : {}),
    ...(reassignment ? { reassignment } : {}),
    ...(updateFromClient ? { updateFromClient } : {}),
  };
}

function rows(
  values: ts.Expression,
  site: ts.Node,
  table: Table,
  tenantField: string | undefined,
  context: AnalysisContext,
): WrittenDocument[] {
  const dialect: ObjectDialect = {
    property(name, value) {
      if (fieldOf(name, table) !== tenantField || tenantField === undefined) return undefined;
      // The written row is scoped by its tenant column being set, whatever the column is called.
      return isNullish(value)
        ? { kind: "decided", evidence: "no", reason: `${name} is null`, origin: value }
        : { kind: "decided", evidence: "yes", reason: `sets ${name}`, origin: value };
    },
  };
  const node = unwrap(values);
  const elements = ts.isArrayLiteralExpression(node)
    ? node.elements.map((element) => element as ts.Expression)
    : (arrayElements(node) ?? [values]);
  if (elements.length === 0) return [{ evidence: "unknown" }];
  return elements.map((row) => ({ node: row, evidence: objectCarriesTenant(row, context, dialect, site).evidence }));
}

/** The value text the filter pins the tenant to at its top level, to tell a `set` of the same tenant from a move. */
function pinnedText(filter: Predicate, tenantField: string | undefined): string | undefined {
  if (filter.kind === "compare")
    return filter.field === tenantField && filter.pins && filter.value.kind === "expression"
      ? filter.value.expression.getText()
      : undefined;
  if (filter.kind === "all")
    for (const part of filter.parts) {
      const found = pinnedText(part, tenantField);
      if (found !== undefined) return found;
    }
  return undefined;
}

function setReassignment(
  set: ts.Expression,
  table: Table,
  tenantField: string,
  pinned: string | undefined,
): string | undefined {
  const node = unwrap(set);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined || fieldOf(name, table) !== tenantField) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer.getText() : name;
    if (value !== pinned) return `${name} in set()`;
  }
  return undefined;
}

/** `onConflict((oc) => oc.column("id").doUpdateSet({ tenant_id: … }))`: a conflicting row of any tenant is moved. */
function conflictReassignment(conflict: Link, table: Table, tenantField: string): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const member = callMember(node);
      const argument = node.arguments[0] && unwrap(node.arguments[0]);
      if (
        (member?.method === "doUpdateSet" || conflict.method === "onDuplicateKeyUpdate") &&
        argument &&
        ts.isObjectLiteralExpression(argument)
      ) {
        for (const property of argument.properties) {
          const name = property.name ? propertyNameText(property.name) : undefined;
          if (name !== undefined && fieldOf(name, table) === tenantField)
            found = `${name} in ${member?.method === "doUpdateSet" ? "doUpdateSet" : conflict.method}`;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const argument of conflict.call.arguments) visit(argument);
  return found;
}

/** The top-level conjunction pins a key (`id`) and not the tenant: a lookup by key. */
function pinsKeyOnly(filter: Predicate, model: DataModel, tenantField: string | undefined): boolean {
  const parts = filter.kind === "all" ? filter.parts : [filter];
  const pinned = new Set(parts.flatMap((part) => (part.kind === "compare" && part.pins ? [part.field] : [])));
  if (tenantField !== undefined && pinned.has(tenantField)) return false;
  return model.uniqueKeys.some((key) => key.length > 0 && key.every((field) => pinned.has(field)));
}

/**
 * Untyped, a receiver the file builds itself (an object literal, an array, `new Store()`) is not
 * a Kysely instance, whatever table it names: an in-memory store with `selectFrom("campaigns")`.
 */
function isLocalObject(receiver: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(receiver);
  if (!ts.isIdentifier(node)) return false;
  const value = initialValue(node, context.checker);
  if (!value || value === node) return false;
  if (
    ts.isObjectLiteralExpression(value) ||
    ts.isArrayLiteralExpression(value) ||
    ts.isClassExpression(value) ||
    ts.isFunctionLike(value)
  )
    return true;
  return ts.isNewExpression(value) && !(ts.isIdentifier(value.expression) && value.expression.text === "Kysely");
}

/** `sql\`…\`.execute(db)` with `sql` imported from kysely: raw SQL, the SQL reader's. */
function isKyselySql(receiver: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(receiver);
  if (!ts.isTaggedTemplateExpression(node) || !ts.isIdentifier(node.tag)) return false;
  const binding = resolveBinding(node.tag, context.checker);
  return binding?.kind === "import" && binding.module === "kysely";
}

/** A parameter of a callback handed to a method call: an expression builder (`eb`, `qb`), never a database. */
function isBuilderParameter(receiver: ts.Expression): boolean {
  const node = unwrap(receiver);
  if (!ts.isIdentifier(node)) return false;
  let scope: ts.Node | undefined = node.parent;
  while (scope && !ts.isFunctionLike(scope)) scope = scope.parent;
  for (; scope; scope = scope.parent) {
    if (!ts.isArrowFunction(scope) && !ts.isFunctionExpression(scope)) continue;
    const declared = scope.parameters.some((parameter) =>
      ts.isIdentifier(parameter.name)
        ? parameter.name.text === node.text
        : ts.isObjectBindingPattern(parameter.name) &&
          parameter.name.elements.some((element) => ts.isIdentifier(element.name) && element.name.text === node.text),
    );
    if (!declared) continue;
    // `(eb: ExpressionBuilder<DB, "t">) => eb.exists(eb.selectFrom(…))`: a helper building a condition.
    const parameter = scope.parameters.find(
      (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === node.text,
    );
    if (parameter?.type && /ExpressionBuilder\b/u.test(parameter.type.getText())) return true;
    return (
      ts.isCallExpression(scope.parent) &&
      scope.parent.arguments.includes(scope as ts.Expression) &&
      ts.isPropertyAccessExpression(scope.parent.expression)
    );
  }
  return false;
}
