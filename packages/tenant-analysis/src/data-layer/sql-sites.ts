/**
 * Raw SQL as query sites, for every library that sends SQL text (CONTRACT.md, "TypeORM, Kysely,
 * raw SQL"): each statement is read by the SQL reader (./sql/), each tenant-owned table it
 * touches becomes one neutral site whose filter is that table's conjuncts (WHERE and the JOIN ON
 * that narrows it), with placeholders bound to the TypeScript values the call passes. An adapter
 * says where the text, the holes and the parameters are; nothing here knows a library.
 */
import { ownershipView } from "../data-layer/ownership-view.js";
import ts from "../typescript.cjs";
import { abbreviate, enclosingFunction, isNullish, unwrap } from "../ast.js";
import { arrayElements } from "../evidence/local-flow.js";
import type { Evidence } from "../evidence/evidence.js";
import { isRequestInput, type ObjectDialect, readObject } from "../evidence/object-evidence.js";
import type { AnalysisContext } from "../types.js";
import { filterScope, type OwnershipView } from "./filter-scope.js";
import { tenantFieldOf } from "./ownership.js";
import type { Predicate, PredicateValue } from "./predicate.js";
import type { DataLayerSites, QuerySite, QueryOperation, WrittenDocument } from "./query-site.js";
import type { DataModel, DataSchema } from "./schema.js";
import { readSql, toNeutralPredicate } from "./sql/index.js";
import type {
  ParsedSqlStatement,
  SqlColumnLookup,
  SqlDialect,
  SqlPlaceholder,
  SqlTableReference,
  SqlValue,
} from "./sql/index.js";

export type SqlNode = ts.CallExpression | ts.TaggedTemplateExpression;

/** The parameters a call passes beside the text: a list (`$1`, `?`), named (`{name:Type}`, `:name`), or not visible. */
export type SqlParameters =
  | { readonly kind: "list"; readonly elements: readonly (ts.Expression | undefined)[] }
  | { readonly kind: "named"; readonly values: ReadonlyMap<string, ts.Expression> }
  | { readonly kind: "unseen"; readonly reason: string };

/** One call's SQL, as the adapter found it. */
export type SqlSource =
  | {
      readonly node: SqlNode;
      readonly method: string;
      readonly dialect: SqlDialect;
      /** The text, or a template's string parts with `holes[i]` between part i and i+1. */
      readonly sql: string | readonly string[];
      readonly holes: readonly ts.Expression[];
      readonly parameters: SqlParameters;
      /** A hole or parameter that stands for whole rows (postgres.js `sql(row, ...columns)`): the rows and any columns listed. */
      readonly rowsOf?: (value: ts.Expression) => {
        readonly rows: ts.Expression;
        readonly columns?: readonly string[];
      };
    }
  /** A call whose text the analysis cannot see (built elsewhere, by concatenation): unverified with why. */
  | { readonly node: SqlNode; readonly method: string; readonly unseen: string }
  /** ClickHouse `insert({ table, values })`: an insert whose rows are the values. */
  | {
      readonly node: SqlNode;
      readonly method: string;
      readonly insertInto: string;
      readonly rows: ts.Expression | undefined;
    };

export function sqlQuerySites(sources: readonly SqlSource[], context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  const global: ts.Node[] = [];
  const settings = sources.filter(setsSessionSetting);
  for (const source of sources) {
    const rls = settings.find(
      (setter) =>
        setter.node.end <= source.node.getStart() && enclosingFunction(setter.node) === enclosingFunction(source.node),
    );
    if (rls) {
      // Row-level security keyed by a session setting scopes what follows it, in the database.
      undecided.push({
        node: source.node,
        reason:
          "raw SQL after a session setting (set_config / SET) in the same function: row-level security may scope it",
      });
      continue;
    }
    if ("unseen" in source) {
      undecided.push({ node: source.node, reason: source.unseen });
      continue;
    }
    const schema = context.dataSchema;
    if (!schema) {
      undecided.push({ node: source.node, reason: "raw SQL: no schema was found to tell its tables' owners" });
      continue;
    }
    if ("insertInto" in source) {
      const model = modelNamed(schema, source.insertInto);
      if (!model) {
        undecided.push({
          node: source.node,
          reason: `raw SQL names only tables the schema does not know (${source.insertInto})`,
        });
        continue;
      }
      const view = ownershipView(model, schema, context);
      if (view.ownership.kind === "global") global.push(source.node);
      else if (view.ownership.kind === "tenant-owned") {
        sites.push({
          node: source.node,
          method: source.method,
          target: source.insertInto,
          view,
          operation: "insert",
          documents: rowDocuments(source.rows, model, context, source.node),
        });
      }
      continue;
    }
    const found = statementSites(source, schema, context);
    sites.push(...found.sites);
    undecided.push(...found.undecided);
    if (found.global) global.push(source.node);
  }
  return { sites, undecided, global };
}

/** `SELECT set_config('app.tenant_id', $1, true)`, `SET LOCAL app.tenant_id = …`: what row-level security policies read. */
function setsSessionSetting(source: SqlSource): boolean {
  if (!("sql" in source)) return false;
  const text = typeof source.sql === "string" ? source.sql : source.sql.join(" ");
  return /\bset_config\s*\(/iu.test(text) || /^\s*SET\s+(?:LOCAL\s+|SESSION\s+)?"?[a-z_]+"?\."?[a-z_]+/iu.test(text);
}

function statementSites(
  source: Extract<SqlSource, { sql: unknown }>,
  schema: DataSchema,
  context: AnalysisContext,
): { sites: QuerySite[]; undecided: DataLayerSites["undecided"][number][]; global: boolean } {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  let global = false;
  const statements = readSql(source.sql, { dialect: source.dialect, schema: columnLookup(schema) });
  const bound = (placeholder: SqlPlaceholder): ts.Expression | undefined => boundExpression(placeholder, source);
  const bind = (placeholder: SqlPlaceholder): PredicateValue => {
    const expression = bound(placeholder);
    if (expression) return isNullish(expression) ? { kind: "null" } : { kind: "expression", expression };
    return {
      kind: "unknown",
      reason:
        source.parameters.kind === "unseen" ? source.parameters.reason : "a parameter the call does not pass visibly",
    };
  };
  for (const statement of statements) {
    if (!statement.parsed) {
      undecided.push({ node: source.node, reason: `raw SQL: ${statement.reason}` });
      continue;
    }
    // BEGIN, SET, CREATE …: not a query of tenant data.
    if (statement.operation === "other") continue;
    const tables = statement.tables.filter((table) => table.cte !== true);
    const known = tables.map((table) => ({
      table,
      model: table.name === undefined ? undefined : modelNamed(schema, table.name, table.schema),
    }));
    const resolved = known.filter(
      (entry): entry is { table: SqlTableReference; model: DataModel } => entry.model !== undefined,
    );
    if (resolved.length === 0) {
      if (tables.length === 0) continue;
      const names = tables.map((table) => table.name ?? table.unknownReason ?? "a table named at run time");
      undecided.push({
        node: source.node,
        reason: `raw SQL names only tables the schema does not know (${[...new Set(names)].join(", ")})`,
      });
      continue;
    }
    const views = new Map(resolved.map(({ table, model }) => [table, ownershipView(model, schema, context)]));
    const filters = joinScopedFilters(resolved, views, bind, context);
    for (const { table, model } of resolved) {
      const view = views.get(table)!;
      if (view.ownership.kind === "global") {
        global = true;
        continue;
      }
      const base = { node: source.node, method: source.method, target: table.name ?? model.name, view } as const;
      if (view.ownership.kind === "owned-through") {
        // Raw SQL reaches the owner through a join the reader does not map to the schema's relation.
        sites.push({
          ...base,
          operation: operationOf(statement, table),
          filter: { kind: "all", parts: [] },
          undecided: `raw SQL on ${base.target}, owned through ${view.ownership.path.join(".")}: joins to its owner are not followed`,
        });
        continue;
      }
      const operation = operationOf(statement, table);
      if (table.role === "insert") {
        const reassignment = operation === "upsert" ? conflictReassignment(statement, model, context) : undefined;
        sites.push({
          ...base,
          operation,
          documents: insertedDocuments(statement, model, source, bound, context),
          ...(reassignment ? { reassignment } : {}),
          wording: { insertPart: "the inserted row" },
        });
        continue;
      }
      const filter = filters.get(table)!;
      const update = table.role === "update" ? updateChanges(statement, model, filter, source, bound, context) : {};
      sites.push({ ...base, operation, filter, ...update });
    }
  }
  return { sites, undecided, global };
}

/**
 * The filter a SQL statement that an adapter assembled itself (a TypeORM QueryBuilder's fragments
 * around its main alias) puts on the table under `alias`: its conjuncts, with placeholders bound by
 * the caller and holes in a condition's place (`WHERE ${…}`) read by `fragment`.
 */
export function aliasFilter(
  sql: string | readonly string[],
  alias: string,
  model: DataModel,
  schema: DataSchema,
  bindings: {
    readonly bind: (placeholder: SqlPlaceholder) => PredicateValue;
    readonly fragment?: (placeholder: SqlPlaceholder) => Predicate | undefined;
  },
): { readonly filter: Predicate } | { readonly undecided: string } {
  const [statement, ...rest] = readSql(sql, { dialect: "postgresql", schema: columnLookup(schema) });
  if (!statement) return { undecided: "the SQL holds no statement" };
  if (!statement.parsed) return { undecided: `the SQL fragments: ${statement.reason}` };
  if (rest.length > 0) return { undecided: "the SQL fragments hold more than one statement" };
  const table = statement.tables.find((candidate) => candidate.alias === alias && candidate.cte !== true);
  if (!table) return { undecided: `the SQL fragments do not read the alias ${alias}` };
  const fragment = bindings.fragment;
  const predicate = toNeutralPredicate(table.predicate, bindings.bind, {
    ...(fragment ? { fragment: (placeholder) => fragment(placeholder) ?? unknownFragment } : {}),
  });
  return { filter: withFields(predicate, model, (value) => value) };
}

const unknownFragment: Predicate = {
  kind: "decided",
  evidence: "unknown",
  reason: "a condition the query receives as a parameter",
};

function operationOf(statement: ParsedSqlStatement, table: SqlTableReference): QueryOperation {
  switch (table.role) {
    case "insert":
      return statement.operation === "upsert" ? "upsert" : "insert";
    case "update":
      return "update";
    case "delete":
      return "delete";
    default:
      return "read";
  }
}

/**
 * Each table's filter, with a join equality to another table's tenant column
 * (`i.tenant_id = o.tenant_id`) read as the tenant when that table is scoped, and as no tenant
 * when it is not: rounds until no further table becomes scoped.
 */
function joinScopedFilters(
  tables: readonly { table: SqlTableReference; model: DataModel }[],
  views: ReadonlyMap<SqlTableReference, OwnershipView>,
  bind: (placeholder: SqlPlaceholder) => PredicateValue,
  context: AnalysisContext,
): Map<SqlTableReference, Predicate> {
  const byName = new Map<string, { model: DataModel; tables: SqlTableReference[] }>();
  for (const { table, model } of tables) {
    if (table.name === undefined) continue;
    const entry = byName.get(table.name) ?? { model, tables: [] };
    entry.tables.push(table);
    byName.set(table.name, entry);
  }
  const scoped = new Set<string>();
  const filters = new Map<SqlTableReference, Predicate>();
  for (let round = 0; round <= tables.length; round += 1) {
    let grew = false;
    for (const { table, model } of tables) {
      const column = (value: Extract<PredicateValue, { kind: "column" }>): PredicateValue => {
        const other = value.table === undefined ? undefined : byName.get(value.table);
        if (!other || !isTenantColumn(other.model, value.column, context)) return value;
        // The other table's tenant: the caller's when that table is scoped, else no tenant in particular.
        return scoped.has(value.table!) ? { kind: "tenant" } : { kind: "null" };
      };
      const filter = withFields(toNeutralPredicate(table.predicate, bind), model, column);
      filters.set(table, filter);
      if (
        table.name !== undefined &&
        !scoped.has(table.name) &&
        filterScope(filter, views.get(table)!, context).evidence === "yes"
      ) {
        scoped.add(table.name);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return filters;
}

/** Column names become the model's field names (`tenant_id` → `tenantId` under `@map`), column values resolved. */
function withFields(
  predicate: Predicate,
  model: DataModel,
  column: (value: Extract<PredicateValue, { kind: "column" }>) => PredicateValue,
): Predicate {
  const map = (part: Predicate): Predicate => {
    switch (part.kind) {
      case "all":
      case "either":
        return { ...part, parts: part.parts.map(map) };
      case "any":
        return { ...part, parts: part.parts.map(map) };
      case "not":
        return { ...part, part: map(part.part) };
      case "related":
        return { ...part, part: map(part.part) };
      case "compare":
        return {
          ...part,
          field: fieldOfColumn(model, part.field),
          value: part.value.kind === "column" ? column(part.value) : part.value,
        };
      default:
        return part;
    }
  };
  return map(predicate);
}

function updateChanges(
  statement: ParsedSqlStatement,
  model: DataModel,
  filter: Predicate,
  source: Extract<SqlSource, { sql: unknown }>,
  bound: (placeholder: SqlPlaceholder) => ts.Expression | undefined,
  context: AnalysisContext,
): Pick<QuerySite, "reassignment" | "updateFromClient"> {
  const pinned = pinnedTexts(filter, model, context);
  for (const assignment of statement.assignments) {
    if (!isTenantColumn(model, assignment.column, context)) continue;
    const text = valueText(assignment.value, bound);
    if (text === undefined || !pinned.has(text)) return { reassignment: `${assignment.column} in SET` };
  }
  if (statement.assignmentsFrom === undefined) return {};
  // `UPDATE t SET ? WHERE …` / `SET ${sql(row)}`: the object is the SET list.
  const value = bound(statement.assignmentsFrom);
  const row = value && source.rowsOf ? source.rowsOf(value).rows : value;
  if (!row) return {};
  if (isRequestInput(row, context)) return { updateFromClient: abbreviate(row.getText()) };
  const carries = readObject(row, context, rowDialect(model, context), source.node);
  const set = tenantPartOf(carries);
  if (set && !(set.kind === "compare" && set.value.kind === "expression" && pinned.has(set.value.expression.getText())))
    return { reassignment: `${tenantFieldOf(model, context.settings) ?? "the tenant"} in SET` };
  return {};
}

/** An upsert's conflict SET that writes the tenant column moves the conflicting row, whoever owns it. */
function conflictReassignment(
  statement: ParsedSqlStatement,
  model: DataModel,
  context: AnalysisContext,
): string | undefined {
  const assignment = statement.insert?.conflictAssignments.find((candidate) =>
    isTenantColumn(model, candidate.column, context),
  );
  if (!assignment) return undefined;
  if (
    assignment.value.kind === "column" &&
    isTenantColumn(model, assignment.value.column, context) &&
    assignment.value.table === statement.insert?.table.name
  )
    return undefined;
  return `${assignment.column} in the conflict update`;
}

function insertedDocuments(
  statement: ParsedSqlStatement,
  model: DataModel,
  source: Extract<SqlSource, { sql: unknown }>,
  bound: (placeholder: SqlPlaceholder) => ts.Expression | undefined,
  context: AnalysisContext,
): WrittenDocument[] {
  const insert = statement.insert;
  if (!insert) return [{ evidence: "unknown" }];
  const index = insert.columns.findIndex((column) => isTenantColumn(model, column, context));
  if (insert.columns.length > 0) {
    if (index < 0) return [{ evidence: "no" }];
    if (!insert.rows) return [{ evidence: "yes" }];
    return insert.rows.map((row) => ({ evidence: valueEvidence(row[index], bound) }));
  }
  if (insert.rowsFrom === "placeholder" && insert.rowsPlaceholder) {
    const value = bound(insert.rowsPlaceholder);
    if (!value) return [{ evidence: "unknown" }];
    const rows = source.rowsOf ? source.rowsOf(value) : { rows: value };
    if (rows.columns && rows.columns.length > 0)
      return [{ evidence: rows.columns.some((column) => isTenantColumn(model, column, context)) ? "yes" : "no" }];
    return rowDocuments(rows.rows, model, context, source.node);
  }
  // `INSERT INTO t VALUES (…)` without a column list: which value is the tenant's depends on the table's column order.
  return [{ evidence: "unknown" }];
}

/** Rows written as objects (`[{ id, tenant_id }]`, `sql(row)`, ClickHouse `values`): each must carry the tenant. */
function rowDocuments(
  rows: ts.Expression | undefined,
  model: DataModel,
  context: AnalysisContext,
  site: ts.Node,
): WrittenDocument[] {
  if (!rows) return [{ evidence: "unknown" }];
  const node = unwrap(rows);
  // `[{ … }]`, `rows.map((r) => ({ … }))`; a spread list is not seen whole.
  const each = arrayElements(node) ?? (ts.isArrayLiteralExpression(node) ? undefined : [rows]);
  if (!each || each.length === 0) return [{ evidence: "unknown" }];
  const dialect = rowDialect(model, context);
  return each.map((row) => ({
    node: row,
    evidence: filterScope(
      readObject(row, context, dialect, site),
      { ownership: { kind: "tenant-owned", field: tenantFieldOf(model, context.settings) ?? "" } },
      context,
    ).evidence,
  }));
}

/** A row object's property for the tenant column, under any of its names (`tenant_id`, `tenantId`). */
function rowDialect(model: DataModel, context: AnalysisContext): ObjectDialect {
  const field = tenantFieldOf(model, context.settings);
  return {
    property(name, value) {
      if (!isTenantColumn(model, name, context)) return undefined;
      return {
        kind: "compare",
        field: field ?? name,
        pins: true,
        value: isNullish(value) ? { kind: "null" } : { kind: "expression", expression: value },
        origin: value,
      };
    },
  };
}

function tenantPartOf(predicate: Predicate): Predicate | undefined {
  if (predicate.kind === "compare") return predicate;
  if (predicate.kind === "all") for (const part of predicate.parts) if (part.kind === "compare") return part;
  return undefined;
}

function valueEvidence(
  value: SqlValue | undefined,
  bound: (placeholder: SqlPlaceholder) => ts.Expression | undefined,
): Evidence {
  if (!value) return "unknown";
  switch (value.kind) {
    case "null":
      return "no";
    case "literal":
    case "setting":
    case "column":
      return "yes";
    case "placeholder": {
      const expression = bound(value.placeholder);
      if (!expression) return "unknown";
      return isNullish(expression) ? "no" : "yes";
    }
    default:
      return "unknown";
  }
}

/** The source text of each value the filter pins the tenant field to, top-level conjuncts only. */
function pinnedTexts(filter: Predicate, model: DataModel, context: AnalysisContext): Set<string> {
  const field = tenantFieldOf(model, context.settings);
  const texts = new Set<string>();
  const parts = filter.kind === "all" ? filter.parts : [filter];
  for (const part of parts) {
    if (part.kind === "compare" && part.pins && part.field === field && part.value.kind === "expression")
      texts.add(part.value.expression.getText());
  }
  return texts;
}

function valueText(
  value: SqlValue,
  bound: (placeholder: SqlPlaceholder) => ts.Expression | undefined,
): string | undefined {
  return value.kind === "placeholder" ? bound(value.placeholder)?.getText() : undefined;
}

function boundExpression(
  placeholder: SqlPlaceholder,
  source: Extract<SqlSource, { sql: unknown }>,
): ts.Expression | undefined {
  const { parameters } = source;
  switch (placeholder.kind) {
    case "hole":
      return source.holes[placeholder.index];
    case "numbered":
      return parameters.kind === "list" ? parameters.elements[placeholder.number - 1] : undefined;
    case "ordinal":
      return parameters.kind === "list" ? parameters.elements[placeholder.index] : undefined;
    case "named":
      return parameters.kind === "named" ? parameters.values.get(placeholder.name) : undefined;
  }
}

function isTenantColumn(model: DataModel, column: string, context: AnalysisContext): boolean {
  const field = tenantFieldOf(model, context.settings);
  if (field === undefined) return false;
  const declared = model.fields.get(field);
  const lower = column.toLowerCase();
  return lower === field.toLowerCase() || (declared?.column !== undefined && lower === declared.column.toLowerCase());
}

/** The model's field for a column: by its mapped column, its name, then either without case (PostgreSQL folds unquoted names). */
function fieldOfColumn(model: DataModel, column: string): string {
  let loose: string | undefined;
  for (const field of model.fields.values()) {
    if (field.column === column || (field.column === undefined && field.name === column)) return field.name;
    if (
      loose === undefined &&
      ((field.column ?? field.name).toLowerCase() === column.toLowerCase() ||
        field.name.toLowerCase() === column.toLowerCase())
    )
      loose = field.name;
  }
  return loose ?? column;
}

const lowerCaseNames = new WeakMap<DataSchema, Map<string, DataModel>>();

/** A table by its name as the SQL wrote it: exactly, with its schema, then without case. */
function modelNamed(schema: DataSchema, name: string, schemaName?: string): DataModel | undefined {
  const exact =
    (schemaName === undefined ? undefined : schema.models.get(`${schemaName}.${name}`)) ?? schema.models.get(name);
  if (exact) return exact;
  let lower = lowerCaseNames.get(schema);
  if (!lower) {
    lower = new Map();
    for (const [key, model] of schema.models) if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), model);
    lowerCaseNames.set(schema, lower);
  }
  return lower.get(name.toLowerCase());
}

const lookups = new WeakMap<DataSchema, SqlColumnLookup>();

/** The schema's columns, so the reader can give an unqualified column of a join to its table. */
function columnLookup(schema: DataSchema): SqlColumnLookup {
  let lookup = lookups.get(schema);
  if (!lookup) {
    lookup = {
      columnsOf(table, schemaName) {
        const model = modelNamed(schema, table, schemaName);
        if (!model) return undefined;
        // Prisma's relation fields (`workspace Workspace`) are not columns; a DDL foreign key column is.
        return [...model.fields.values()]
          .filter((field) => !field.relation || field.relation.fields.includes(field.name))
          .map((field) => field.column ?? field.name);
      },
    };
    lookups.set(schema, lookup);
  }
  return lookup;
}
