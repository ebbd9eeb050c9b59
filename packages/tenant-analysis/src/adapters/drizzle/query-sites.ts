/**
 * Drizzle as a data layer. Query builders name their table: `db.select().from(t).where(c)`
 * (joined tables each need the tenant, from the where or their join condition),
 * `db.update(t).set(v).where(c)`, `db.delete(t).where(c)`, `db.insert(t).values(v)` (with
 * `onConflictDoUpdate({ set })` an upsert whose set must not move the row), `db.$count(t, c)`;
 * relational queries name the schema key: `db.query.<t>.findMany({ where })`. The database is
 * known from `drizzle(…)`, `transaction`'s `tx` or its type; untyped, a value the file cannot
 * classify is taken as one when the table it is given is a known Drizzle table.
 */
import { ownershipView } from "../../data-layer/ownership-view.js";
import ts from "../../typescript.cjs";
import {
  abbreviate,
  accessedName,
  calleeName,
  callMember,
  chainedCalls,
  chainTop,
  enclosingFunction,
  isAccess,
  isNullish,
  propertyNameText,
  returnedExpressions,
  unwrap,
} from "../../ast.js";
import { importedDeclaration, initialValue, resolveBinding } from "../../bindings.js";
import { filterScope, type OwnershipView } from "../../data-layer/filter-scope.js";
import { tenantFieldOf } from "../../data-layer/ownership.js";
import { matchesEverything, type Predicate } from "../../data-layer/predicate.js";
import type { DataLayerAdapter, DataLayerSites, QuerySite, WrittenDocument } from "../../data-layer/query-site.js";
import type { DataModel } from "../../data-layer/schema.js";
import { arrayElements, madeByCall } from "../../evidence/local-flow.js";
import { clientInputIn, objectCarriesTenant, type ObjectDialect, readObject } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { FileFacts } from "../../file-facts.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";
import { type ConditionContext, readCondition } from "./conditions.js";
import { readTables } from "./schema.js";

export const drizzleQueries: DataLayerAdapter = {
  layer: "drizzle",
  querySites(sourceFile, facts, context) {
    return collect(sourceFile, facts, context);
  },
};

const selects = new Set(["select", "selectDistinct", "selectDistinctOn"]);
const joins = new Set([
  "innerJoin",
  "leftJoin",
  "rightJoin",
  "fullJoin",
  "crossJoin",
  "innerJoinLateral",
  "leftJoinLateral",
  "crossJoinLateral",
]);
const relational = new Set(["findMany", "findFirst"]);
const conflictUpdates = new Set(["onConflictDoUpdate", "onDuplicateKeyUpdate"]);

type Database = "known" | "inferred" | "unseen";

interface Tables {
  /** The table an expression names: a table variable (here or imported), `schema.notes`, `alias(notes, "n")`. */
  of(expression: ts.Expression | undefined): DataModel | undefined;
  /** A relational query's schema key (`db.query.notes`). */
  byKey(key: string): DataModel | undefined;
}

function collect(sourceFile: ts.SourceFile, facts: FileFacts, context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  const global: ts.Node[] = [];
  const tables = tablesOf(sourceFile, context);
  const add = (
    node: ts.CallExpression,
    model: DataModel,
    database: Database,
    build: (view: OwnershipView) => QuerySite,
  ): void => {
    if (database === "unseen") {
      undecided.push({
        node,
        reason: "a database made by a call the analysis cannot see into (it may enforce the tenant)",
      });
      return;
    }
    const view = ownershipView(model, context.dataSchema ?? { models: new Map(), sources: [] }, context);
    if (view.ownership.kind === "global") {
      global.push(node);
      return;
    }
    const site = build(view);
    const raw = site.filter && undecidedBySql(site.filter, view, context);
    sites.push(raw ? { ...site, undecided: raw } : site);
  };
  for (const call of facts.calls) {
    const member = callMember(call);
    if (!member) continue;
    const { method, receiver } = member;
    if (selects.has(method)) {
      const chain = chainedCalls(call);
      const from = chain.find((link) => link.method === "from");
      if (!from) continue;
      const known = tables.of(from.call.arguments[0]);
      const database = databaseOf(receiver, known !== undefined, context);
      if (!database) continue;
      if (!known && database !== "known") continue;
      // A table the analysis cannot identify (a generic repository's `this.table`): the query is
      // decided only if it pins a tenant column all the same; anything else is undecided.
      const model = known ?? unknownTableModel(from.call.arguments[0], context);
      const localTables = known ? tables : withTable(tables, from.call.arguments[0], model);
      // A dynamic query may be given its where (or another, replacing it) later; one whose where is
      // in its chain and whose variable is never given another is as written.
      if (
        chain.some((link) => link.method === "$dynamic") &&
        (!chain.some((link) => link.method === "where") || laterWhere(call))
      ) {
        undecided.push({ node: call, reason: "a dynamic query ($dynamic) whose where is added elsewhere" });
        continue;
      }
      const joined = chain
        .filter((link) => joins.has(link.method))
        .flatMap((link) => {
          const table = localTables.of(link.call.arguments[0]);
          return table ? [{ table, on: link.call.arguments[1], call: link.call }] : [];
        });
      const where = chain.find((link) => link.method === "where")?.call.arguments[0];
      const parts = [{ table: model, on: undefined as ts.Expression | undefined, call }, ...joined];
      // Every join condition may constrain any table of the query (`eq(comments.noteId, notes.id)`);
      // another table stands in for this one by its where and its own join condition, through
      // which a third may stand in for it in turn (a chain of joins); a table already on the way
      // stands for nothing, so links never loop.
      const conditions = [where, ...joined.map((part) => part.on)];
      const own = (table: DataModel, seen: ReadonlySet<DataModel>): Predicate =>
        conditionOf([where, parts.find((part) => part.table === table)?.on], table, localTables, context, (other) =>
          seen.has(other)
            ? { kind: "decided", evidence: "no", reason: "a join back to a table already followed" }
            : own(other, new Set([...seen, table])),
        );
      for (const part of parts) {
        add(part.call, part.table, database, (view) => {
          const filter = conditions.some(Boolean)
            ? conditionOf(conditions, part.table, localTables, context, (other) => own(other, new Set([part.table])))
            : matchesEverything;
          // One statement: reported once, at its first unscoped table.
          const site = { ...base(part.call, "select", part.table, view, "read"), filter, statement: call };
          return known || part.table !== model
            ? site
            : { ...site, unknownModel: unknownTable(from.call.arguments[0], context) };
        });
      }
      continue;
    }
    if (method === "update" || method === "delete" || method === "insert" || method === "$count") {
      const known = tables.of(call.arguments[0]);
      const database = databaseOf(receiver, known !== undefined, context);
      if (!database || (!known && database !== "known")) continue;
      const model = known ?? unknownTableModel(call.arguments[0], context);
      const localTables = known ? tables : withTable(tables, call.arguments[0], model);
      add(call, model, database, (view) => {
        const site = builderSite(call, method, model, view, localTables, context);
        return known ? site : { ...site, unknownModel: unknownTable(call.arguments[0], context) };
      });
      continue;
    }
    if (relational.has(method)) {
      const delegate = unwrap(receiver);
      if (!isAccess(delegate)) continue;
      const key = accessedName(delegate);
      const queryAccess = unwrap(delegate.expression);
      if (key === undefined || !isAccess(queryAccess) || accessedName(queryAccess) !== "query") continue;
      const model = tables.byKey(key);
      const database = databaseOf(queryAccess.expression, model !== undefined, context);
      if (!database) continue;
      if (!model) {
        if (database === "known")
          undecided.push({
            node: call,
            reason: context.dataSchema
              ? `${key} is not a Drizzle table the analysis knows`
              : `no Drizzle table definitions were found for ${key}`,
          });
        continue;
      }
      add(call, model, database, (view) => {
        const filter = relationalFilter(call, model, tables, context);
        // `findFirst` by a unique key alone: load-then-check may authorise the row, as for Prisma's findUnique.
        return {
          ...base(call, method, model, view, "read"),
          filter,
          ...(method === "findFirst" && pinsUniqueKey(filter, model) ? { byKey: { writes: false } } : {}),
        };
      });
      continue;
    }
    if (method === "execute" && databaseOf(receiver, false, context) === "known")
      undecided.push({ node: call, reason: "raw SQL (execute) is not read yet" });
  }
  return { sites, undecided, global };
}

/**
 * A filter that stays undecided because of raw SQL in it (`sql\`…\``, `RAW`): that reason, for the
 * report, rather than a filter that "could not be decided". Decided filters keep their verdict.
 */
function undecidedBySql(filter: Predicate, view: OwnershipView, context: AnalysisContext): string | undefined {
  if (filterScope(filter, view, context).evidence !== "unknown") return undefined;
  const reasons: string[] = [];
  const visit = (part: Predicate): void => {
    if (part.kind === "decided" && part.evidence === "unknown" && part.reason.includes("raw SQL"))
      reasons.push(part.reason);
    else if (part.kind === "all" || part.kind === "any" || part.kind === "either") part.parts.forEach(visit);
    else if (part.kind === "not" || part.kind === "related") visit(part.part);
  };
  visit(filter);
  return reasons[0];
}

/** The filter's top-level conjunction pins every field of one of the table's unique keys (`eq(t.id, id)`). */
function pinsUniqueKey(filter: Predicate, model: DataModel): boolean {
  const pinned = new Set<string>();
  const visit = (part: Predicate): void => {
    if (part.kind === "compare" && part.pins) pinned.add(part.field);
    else if (part.kind === "all") part.parts.forEach(visit);
    else if (part.kind === "either" && part.parts.length === 1) visit(part.parts[0]!);
  };
  visit(filter);
  return model.uniqueKeys.some((key) => key.length > 0 && key.every((field) => pinned.has(field)));
}

/** A stand-in for a table the analysis cannot identify: its tenant columns are the configured fields. */
function unknownTableModel(argument: ts.Expression | undefined, context: AnalysisContext): DataModel {
  const fields = new Map(
    context.settings.tenantFields
      .filter((field) => !field.includes("."))
      .map((field) => [field, { name: field, optional: false }]),
  );
  return {
    name: argument ? abbreviate(argument.getText()) : "table",
    names: [],
    fields,
    uniqueKeys: [],
    library: "drizzle",
  };
}

/** The tables, with one more expression standing for `model`. */
function withTable(tables: Tables, expression: ts.Expression | undefined, model: DataModel): Tables {
  const text = expression && unwrap(expression).getText();
  return {
    of: (candidate) => (candidate && unwrap(candidate).getText() === text ? model : tables.of(candidate)),
    byKey: tables.byKey,
  };
}

function unknownTable(argument: ts.Expression | undefined, context: AnalysisContext): string {
  const text = argument ? abbreviate(argument.getText()) : "nothing";
  return context.dataSchema
    ? `a table the analysis does not know (${text})`
    : `no Drizzle table definitions were found for ${text}`;
}

function base(
  node: ts.CallExpression,
  method: string,
  model: DataModel,
  view: OwnershipView,
  operation: QuerySite["operation"],
): QuerySite {
  return { node, method, target: model.name, view, operation, wording: { or: "or()", insertPart: "values" } };
}

/** Whether the expression is a Drizzle database: known, taken as one (untyped, with a known table), or made by an unseen call. */
function databaseOf(expression: ts.Expression, tableKnown: boolean, context: AnalysisContext): Database | undefined {
  const classification = classifyReceiver(expression, context);
  if (classification.status === "target") return classification.target.library === "drizzle" ? "known" : undefined;
  if (classification.status === "non-target" || !tableKnown) return undefined;
  return madeByCall(expression, context) ? "unseen" : "inferred";
}

/** The tables of the file's own definitions, of the project's schema, and (typed) of an imported table's declaring file. */
function tablesOf(sourceFile: ts.SourceFile, context: AnalysisContext): Tables {
  const inline = new Map(readTables(sourceFile).map((model) => [model.name, model]));
  const declared = new Map<ts.SourceFile, Map<string, DataModel>>();
  const lookup = (name: string): DataModel | undefined => {
    const model = inline.get(name) ?? context.dataSchema?.models.get(name);
    return model?.library === "drizzle" ? model : undefined;
  };
  const inFile = (file: ts.SourceFile, name: string): DataModel | undefined => {
    let models = declared.get(file);
    if (!models) {
      models = new Map(readTables(file).map((model) => [model.name, model]));
      declared.set(file, models);
    }
    // The project's schema has the same table with relations resolved across files: prefer it.
    return models.has(name)
      ? context.dataSchema?.models.get(name)?.library === "drizzle"
        ? context.dataSchema.models.get(name)
        : models.get(name)
      : undefined;
  };
  const of = (expression: ts.Expression | undefined, depth = 0): DataModel | undefined => {
    if (!expression || depth > 4) return undefined;
    const node = unwrap(expression);
    if (ts.isCallExpression(node)) {
      // `alias(notes, "parent")` is the same table under another name.
      const callee = unwrap(node.expression);
      return ts.isIdentifier(callee) && callee.text === "alias" ? of(node.arguments[0], depth + 1) : undefined;
    }
    // `schema.notes` of `import * as schema from "./schema"`, or of `import { schema } from "@/lib/db"` re-exporting it.
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const binding = resolveBinding(node.expression, context.checker);
      return binding?.kind === "import" ? lookup(node.name.text) : undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const binding = resolveBinding(node, context.checker);
    if (binding?.kind === "variable") {
      const own = inline.get(node.text);
      if (own && binding.declaration.initializer && ts.isCallExpression(unwrap(binding.declaration.initializer)))
        return own;
      const value = initialValue(node, context.checker);
      return value && value !== node ? of(value, depth + 1) : undefined;
    }
    if (binding?.kind !== "import" || binding.imported === "default" || binding.imported === "*") return undefined;
    const declaration = importedDeclaration(node, context.checker);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      ts.isIdentifier(declaration.name) &&
      !declaration.getSourceFile().isDeclarationFile
    ) {
      return inFile(declaration.getSourceFile(), declaration.name.text);
    }
    return lookup(binding.imported);
  };
  return { of: (expression) => of(expression), byKey: lookup };
}

/** The conjunction of conditions for one table; `predicateOf` lets a join condition stand for another table. */
function conditionOf(
  conditions: readonly (ts.Expression | undefined)[],
  table: DataModel,
  tables: Tables,
  context: AnalysisContext,
  predicateOf: ((table: DataModel) => Predicate) | undefined,
  parameter?: { readonly table?: ts.ParameterDeclaration; readonly operators?: ts.ParameterDeclaration },
): Predicate {
  const scope: ConditionContext = {
    context,
    table,
    columnOf: (expression) => {
      const node = unwrap(expression);
      if (!ts.isPropertyAccessExpression(node)) return undefined;
      const owner = unwrap(node.expression);
      if (
        parameter?.table &&
        ts.isIdentifier(owner) &&
        ts.isIdentifier(parameter.table.name) &&
        owner.text === parameter.table.name.text
      )
        return { table, field: node.name.text };
      const model = tables.of(owner);
      return model ? { table: model, field: node.name.text } : undefined;
    },
    ...(predicateOf
      ? { predicateOf: (other: DataModel) => (other === table ? matchesEverything : predicateOf(other)) }
      : {}),
    ...(parameter?.operators ? { operatorParameter: parameter.operators } : {}),
  };
  const present = conditions.filter((condition): condition is ts.Expression => condition !== undefined);
  if (present.length === 1) return readCondition(present[0], scope);
  return { kind: "all", parts: present.map((condition) => readCondition(condition, scope)) };
}

/** `update`, `delete`, `insert`, `$count`: the site with its filter or written rows. */
function builderSite(
  call: ts.CallExpression,
  method: string,
  model: DataModel,
  view: OwnershipView,
  tables: Tables,
  context: AnalysisContext,
): QuerySite {
  const chain = chainedCalls(call);
  const argumentOf = (name: string) => chain.find((link) => link.method === name)?.call.arguments[0];
  if (method === "$count") {
    const where = call.arguments[1];
    return {
      ...base(call, method, model, view, "read"),
      filter: where ? conditionOf([where], model, tables, context, undefined) : matchesEverything,
    };
  }
  if (method === "insert") {
    const conflict = chain.find((link) => conflictUpdates.has(link.method))?.call;
    const set = conflict ? optionOf(conflict.arguments[0], "set") : undefined;
    const reassignment = set
      ? movedBy(set, undefined, model, view, context, `${conflict ? (callMember(conflict)?.method ?? "") : ""} set`)
      : undefined;
    const values = argumentOf("values");
    return {
      ...base(call, method, model, view, conflict ? "upsert" : "insert"),
      documents: rowsOf(values, chain.length > 0 && !values, call, model, context),
      ...(reassignment ? { reassignment } : {}),
    };
  }
  const where = argumentOf("where");
  const filter = where ? conditionOf([where], model, tables, context, undefined) : matchesEverything;
  // By a unique key alone (`where(eq(t.id, id))`): a write by key, which an earlier authorised read
  // of the same key may vouch for.
  const byKey = where && pinsUniqueKey(filter, model) ? { byKey: { writes: true } } : {};
  if (method === "delete") return { ...base(call, method, model, view, "delete"), filter, ...byKey };
  const set = argumentOf("set");
  const reassignment = set ? movedBy(set, where, model, view, context, "set") : undefined;
  const updateFromClient = set && !reassignment ? clientInputIn(set, context) : undefined;
  return {
    ...base(call, method, model, view, "update"),
    filter,
    ...byKey,
    ...(reassignment ? { reassignment } : {}),
    ...(updateFromClient ? { updateFromClient } : {}),
  };
}

function optionOf(argument: ts.Expression | undefined, name: string): ts.Expression | undefined {
  const node = argument && unwrap(argument);
  if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

/** The tenant column of a row, by its key in code. */
function tenantDialect(model: DataModel, context: AnalysisContext): ObjectDialect {
  const field = tenantFieldOf(model, context.settings);
  return {
    property(name, value) {
      if (name !== field && !isTenantFieldName(name, context)) return undefined;
      return {
        kind: "compare",
        field: name,
        pins: true,
        value: isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value },
        origin: value,
      };
    },
  };
}

/** `values({ … })`, `values([ … ])`, `values(rows.map((r) => ({ … })))`: one verdict per row. */
function rowsOf(
  values: ts.Expression | undefined,
  elsewhere: boolean,
  site: ts.Node,
  model: DataModel,
  context: AnalysisContext,
): WrittenDocument[] {
  if (!values) return [{ evidence: elsewhere ? "unknown" : "unknown" }];
  const dialect = tenantDialect(model, context);
  // `const rows = docs.map((doc) => ({ …doc, tenantId }))`, then `.values(rows)`.
  let list = unwrap(values);
  if (ts.isIdentifier(list)) {
    const value = initialValue(list, context.checker);
    if (value && (ts.isArrayLiteralExpression(unwrap(value)) || ts.isCallExpression(unwrap(value))))
      list = unwrap(value);
  }
  const rows = arrayElements(list);
  if (rows)
    return rows.length === 0
      ? [{ evidence: "unknown" }]
      : rows.map((row) => ({ evidence: objectCarriesTenant(row, context, dialect, site).evidence }));
  if (ts.isArrayLiteralExpression(unwrap(values))) return [{ evidence: "unknown" }];
  return [{ node: values, evidence: objectCarriesTenant(values, context, dialect, site).evidence }];
}

/**
 * How a `set` moves rows to another tenant: the tenant column set to another value than the
 * where pins (for an upsert's set, to any value), or, owned through a relation, its foreign key set.
 */
function movedBy(
  set: ts.Expression,
  where: ts.Expression | undefined,
  model: DataModel,
  view: OwnershipView,
  context: AnalysisContext,
  wording: string,
): string | undefined {
  const fields = unwrap(set);
  if (!ts.isObjectLiteralExpression(fields)) return undefined;
  const tenantField = tenantFieldOf(model, context.settings);
  const pinned = where ? pinnedText(where, context) : undefined;
  const ownerPath = view.ownership.kind === "owned-through" ? view.ownership.path[0] : undefined;
  const ownerKeys = ownerPath ? (model.fields.get(ownerPath)?.relation?.fields ?? []) : [];
  for (const property of fields.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
    if (view.ownership.kind === "tenant-owned" && (name === tenantField || isTenantFieldName(name, context))) {
      if (isNullish(value) && !ts.isShorthandPropertyAssignment(property)) continue;
      if (value.getText() !== pinned) return `${name} in ${wording}`;
    }
    if (ownerKeys.includes(name)) return `${name} in ${wording}`;
  }
  return undefined;
}

/** The value `eq(t.tenantId, x)` pins in a where, as written, at the top or in an `and`. */
function pinnedText(where: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(where);
  if (!ts.isCallExpression(node)) return undefined;
  const name = calleeName(node);
  if (name === "and") {
    for (const part of node.arguments) {
      const found = ts.isSpreadElement(part) ? undefined : pinnedText(part, context);
      if (found) return found;
    }
    return undefined;
  }
  if (name !== "eq") return undefined;
  const [left, right] = node.arguments;
  const isTenantColumn = (side: ts.Expression | undefined) => {
    const inner = side && unwrap(side);
    return inner !== undefined && ts.isPropertyAccessExpression(inner) && isTenantFieldName(inner.name.text, context);
  };
  if (isTenantColumn(left)) return right?.getText();
  if (isTenantColumn(right)) return left?.getText();
  return undefined;
}

/**
 * `findMany({ where })`: a condition (`eq(notes.tenantId, t)`), a callback
 * (`(t, { eq }) => eq(t.tenantId, x)`), or the object form (`{ tenantId: t }`, `{ tenantId: { eq: t } }`,
 * `AND`/`OR`/`NOT`). No where at all is unscoped.
 */
function relationalFilter(
  call: ts.CallExpression,
  model: DataModel,
  tables: Tables,
  context: AnalysisContext,
): Predicate {
  const argument = call.arguments[0];
  const where = (value: ts.Expression): Predicate => {
    const node = unwrap(value);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const returned = returnedExpressions(node);
      const parameters = {
        ...(node.parameters[0] ? { table: node.parameters[0] } : {}),
        ...(node.parameters[1] ? { operators: node.parameters[1] } : {}),
      };
      if (returned.length === 0)
        return {
          kind: "decided",
          evidence: "unknown",
          reason: "a where callback the analysis cannot see into",
          origin: node,
        };
      return {
        kind: "either",
        parts: returned.map((expression) => conditionOf([expression], model, tables, context, undefined, parameters)),
        origin: node,
      };
    }
    if (ts.isObjectLiteralExpression(node)) return readObject(node, context, objectWhere(model, context), call);
    return conditionOf([value], model, tables, context, undefined);
  };
  if (!argument) return matchesEverything;
  return readObject(
    argument,
    context,
    { property: (name, value) => (name === "where" ? where(value) : undefined) },
    call,
  );
}

/** Drizzle's object where (relational queries v2): fields with a value or `{ eq, in, ne, … }`, `AND`, `OR`, `NOT`, `RAW`. */
function objectWhere(model: DataModel, context: AnalysisContext): ObjectDialect {
  const list = (value: ts.Expression, read: (inner: ts.Expression) => Predicate): Predicate[] => {
    const node = unwrap(value);
    return ts.isArrayLiteralExpression(node) ? node.elements.map((element) => read(element)) : [read(value)];
  };
  const dialect: ObjectDialect = {
    property(name, value, reader) {
      const read = (inner: ts.Expression) => reader.read(inner, dialect);
      if (name === "AND") return { kind: "all", parts: list(value, read), origin: value };
      if (name === "OR") return { kind: "any", parts: list(value, read), operator: "OR", origin: value.parent };
      if (name === "NOT") return { kind: "not", part: read(value), origin: value };
      if (name === "RAW")
        return {
          kind: "decided",
          evidence: "unknown",
          reason: "a RAW condition (raw SQL in Drizzle is not read yet)",
          origin: value,
        };
      const field = model.fields.get(name);
      if (field?.relation || (!field && !isTenantFieldName(name, context))) return undefined;
      const node = unwrap(value);
      if (isNullish(node)) return { kind: "compare", field: name, pins: true, value: { kind: "null" }, origin: value };
      if (!ts.isObjectLiteralExpression(node))
        return {
          kind: "compare",
          field: name,
          pins: true,
          value: { kind: "expression", expression: value },
          origin: value,
        };
      for (const property of node.properties) {
        const operator = property.name ? propertyNameText(property.name) : undefined;
        if (
          (operator === "eq" || operator === "in") &&
          ts.isPropertyAssignment(property) &&
          !isNullish(property.initializer)
        ) {
          return {
            kind: "compare",
            field: name,
            pins: true,
            value: { kind: "expression", expression: property.initializer },
            origin: value,
          };
        }
      }
      return {
        kind: "compare",
        field: name,
        pins: false,
        value: { kind: "expression", expression: value },
        origin: value,
      };
    },
  };
  return dialect;
}

/** `const q = db.select().from(t).where(c).$dynamic(); … q.where(other)`: the variable given a where later. */
function laterWhere(call: ts.CallExpression): boolean {
  let node: ts.Node = chainTop(call);
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)))
    node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return true;
  const name = declaration.name.text;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAccessExpression(child) &&
      child.name.text === "where" &&
      ts.isIdentifier(child.expression) &&
      child.expression.text === name
    )
      found = true;
    ts.forEachChild(child, visit);
  };
  visit(enclosingFunction(call));
  return found;
}
