/**
 * Statement facts from node-sql-parser's MySQL grammar, for what only MySQL writes:
 * `ON DUPLICATE KEY UPDATE`, `INSERT … SET`, `UPDATE a JOIN b … SET`, `DELETE a FROM a JOIN b`,
 * `LIMIT` on writes, `INSERT IGNORE`, `REPLACE`. The same scopes as pg-read.ts; only the tree differs.
 * Placeholders reach this grammar as `:pN` (placeholders.ts numbers them).
 */
import type { AST } from "node-sql-parser";
import { mysqlParser } from "./mysql-parser.js";
import { exactHole, holeIn, rowMarker } from "./placeholders.js";
import {
  conjunctsOf,
  dynamicName,
  matchAll,
  reference,
  resolveColumn,
  unknown,
  type Resolution,
  type Role,
  type Scope as GenericScope,
  type TableEntry as GenericEntry,
} from "./scopes.js";
import type {
  ParsedSqlStatement,
  SqlAssignment,
  SqlColumnLookup,
  SqlInsert,
  SqlOperation,
  SqlPlaceholder,
  SqlPredicate,
  SqlStatement,
  SqlValue,
} from "./types.js";

/** node-sql-parser's nodes: plain objects told apart by `type` and by which keys they have. */
interface MyNode {
  readonly type?: string;
  readonly [key: string]: unknown;
}

type Scope = GenericScope<MyNode>;
type TableEntry = GenericEntry<MyNode>;

/** How placeholders are written for this grammar: `:p1`, `:p2`, … */
export const mysqlPlaceholderForm = (n: number): string => `:p${n}`;

export interface MysqlReadContext {
  readonly placeholders: readonly SqlPlaceholder[];
  readonly schema?: SqlColumnLookup;
}

export function readMysql(text: string, context: MysqlReadContext): SqlStatement[] {
  let ast: AST | AST[];
  try {
    ast = mysqlParser().astify(text, { database: "MySQL" });
  } catch (error) {
    return [{ parsed: false, reason: `the SQL does not parse: ${firstLine(error)}` }];
  }
  const statements = (Array.isArray(ast) ? ast : [ast]) as unknown as MyNode[];
  return statements.map((statement): SqlStatement => {
    try {
      return new MysqlStatementReader(context).read(
        statement,
        statements.length === 1 ? text.trim() : sqlify(statement),
      );
    } catch (error) {
      return { parsed: false, reason: `the statement could not be read: ${firstLine(error)}` };
    }
  });
}

class MysqlStatementReader {
  private readonly entries: TableEntry[] = [];
  private readonly scopes: Scope[] = [];
  private readonly subScopes = new Map<MyNode, Scope>();
  private assignments: SqlAssignment[] = [];
  private insert: Omit<SqlInsert, "table"> | undefined;
  private insertEntry: TableEntry | undefined;
  private assignmentsFrom: SqlPlaceholder | undefined;

  constructor(private readonly context: MysqlReadContext) {}

  read(statement: MyNode, text: string): ParsedSqlStatement {
    const operation = this.top(statement);
    for (const scope of this.scopes) this.finish(scope);
    return {
      parsed: true,
      operation,
      text,
      tables: this.entries.filter((entry) => entry.derived !== true).map((entry) => reference(entry)),
      assignments: this.assignments,
      ...(this.insert === undefined || this.insertEntry === undefined
        ? {}
        : { insert: { ...this.insert, table: reference(this.insertEntry) } }),
      ...(this.assignmentsFrom === undefined ? {} : { assignmentsFrom: this.assignmentsFrom }),
    };
  }

  private top(statement: MyNode): SqlOperation {
    switch (statement.type) {
      case "select":
        this.select(statement, undefined);
        return "select";
      case "insert":
      case "replace":
        return this.insertStatement(statement);
      case "update":
        this.update(statement);
        return "update";
      case "delete":
        this.delete(statement);
        return "delete";
      default:
        return "other";
    }
  }

  private scope(parent: Scope | undefined, ctes: ReadonlySet<string>): Scope {
    const scope: Scope = { parent, entries: [], conditions: [], ctes };
    this.scopes.push(scope);
    return scope;
  }

  private withCtes(statement: MyNode, parent: Scope | undefined): Set<string> {
    const names = new Set(parent?.ctes ?? []);
    const ctes = array(statement.with);
    for (const cte of ctes) {
      const name = text(field(cte, "name"));
      if (name !== undefined) names.add(name);
    }
    const carrier = this.scope(parent, names);
    for (const cte of ctes) {
      const body = astOf(field(cte, "stmt"));
      if (body !== undefined) this.query(body, carrier);
    }
    return names;
  }

  private query(node: MyNode, parent: Scope): void {
    if (node.type === "select") this.select(node, parent);
  }

  private select(select: MyNode, parent: Scope | undefined): void {
    const ctes = this.withCtes(select, parent);
    const scope = this.scope(parent, ctes);
    this.subScopes.set(select, scope);
    this.fromList(array(select.from), scope);
    if (isNode(select.where)) scope.conditions.push({ expr: select.where, narrows: "all" });
    this.subqueriesIn([select.columns, select.where, select.having], scope);
    // UNION and friends: the next query in the chain is a query of its own.
    if (isNode(select._next)) this.select(select._next, parent);
  }

  private insertStatement(insert: MyNode): SqlOperation {
    const ctes = this.withCtes(insert, undefined);
    const scope = this.scope(undefined, ctes);
    const [target] = array(insert.table);
    const entry = target === undefined ? undefined : this.table(target, scope, "insert");
    const set = array(insert.set);
    let columns = (Array.isArray(insert.columns) ? (insert.columns as unknown[]) : []).map(
      (column) => text(column) ?? "?",
    );
    let rows: SqlValue[][] | undefined;
    let rowsFrom: SqlInsert["rowsFrom"];
    const values = isNode(insert.values) ? insert.values : undefined;
    const rowsPlaceholder = this.rowsMarker(set, values);
    if (rowsPlaceholder !== undefined) {
      rows = undefined;
      rowsFrom = "placeholder";
    } else if (set.length > 0) {
      // `INSERT INTO t SET a = ?, b = ?`: one row, written as assignments.
      columns = set.map((item) => text(item.column) ?? "?");
      rows = [set.map((item) => this.value(field(item, "value"), scope))];
    } else if (values?.type === "values") {
      rows = array(values.values).map((row) => array(row.value).map((item) => this.value(item, scope)));
    } else if (values !== undefined && (values.type === "select" || isNode(values.ast))) {
      rowsFrom = "select";
      this.select(astOf(values) ?? values, this.scope(undefined, ctes));
    } else {
      rows = [];
    }
    const duplicate = isNode(insert.on_duplicate_update) ? array(insert.on_duplicate_update.set) : [];
    const conflictAssignments = duplicate.map((item): SqlAssignment => {
      const column = text(item.column) ?? "?";
      return { column, value: this.duplicateValue(field(item, "value"), columns, rows, scope) };
    });
    if (entry !== undefined) {
      this.insertEntry = entry;
      this.insert = {
        columns,
        ...(rows === undefined ? { rowsFrom: rowsFrom ?? "select" } : { rows }),
        ...(rowsPlaceholder === undefined ? {} : { rowsPlaceholder }),
        conflictAssignments,
      };
    }
    return duplicate.length > 0 ? "upsert" : "insert";
  }

  private update(update: MyNode): void {
    const ctes = this.withCtes(update, undefined);
    const scope = this.scope(undefined, ctes);
    const targets = this.fromList(array(update.table), scope, "update");
    // `UPDATE a JOIN b … SET`: the tables written are those SET names (the first one when unqualified).
    const written = new Set(array(update.set).map((item) => text(item.table)));
    for (const entry of targets) {
      const name = entry.alias ?? entry.name;
      const role: Role = written.has(name) || (written.has(undefined) && entry === targets[0]) ? "update" : "read";
      if (role !== entry.role) Object.assign(entry, { role });
    }
    if (isNode(update.where)) scope.conditions.push({ expr: update.where, narrows: "all" });
    this.subqueriesIn([update.where, update.set], scope);
    for (const item of array(update.set)) {
      const column = text(item.column) ?? "?";
      const marker = rowMarker(column);
      // `UPDATE t SET ? WHERE …`: one placeholder holds the whole SET list (placeholders.ts, rowMarker).
      if (marker !== undefined) this.assignmentsFrom = this.context.placeholders[marker - 1];
      else this.assignments.push({ column, value: this.value(field(item, "value"), scope) });
    }
  }

  private delete(del: MyNode): void {
    const ctes = this.withCtes(del, undefined);
    const scope = this.scope(undefined, ctes);
    const from = this.fromList(array(del.from), scope, "read");
    // `DELETE a FROM a JOIN b`: the named targets are deleted from; `DELETE FROM t`: t itself.
    const targets = array(del.table).map((t) => text(t.table));
    for (const entry of from) {
      const deleted =
        targets.length === 0
          ? from.length === 1
          : targets.includes(entry.alias ?? entry.name) || targets.includes(entry.name);
      if (deleted || from.length === 1) Object.assign(entry, { role: "delete" });
    }
    if (isNode(del.where)) scope.conditions.push({ expr: del.where, narrows: "all" });
    this.subqueriesIn([del.where], scope);
  }

  private fromList(items: readonly MyNode[], scope: Scope, role: Role = "read"): TableEntry[] {
    const entries: TableEntry[] = [];
    for (const item of items) {
      const derived = astOf(field(item, "expr"));
      const entry = derived !== undefined ? this.derived(item, derived, scope) : this.table(item, scope, role);
      entries.push(entry);
      const join = text(item.join);
      const left = entries.slice(0, -1);
      // Outer joins by their side; every other join (INNER, CROSS, STRAIGHT_JOIN, a comma) is inner.
      const kind = join?.toUpperCase() ?? "";
      const narrows: Set<TableEntry> | "all" = kind.includes("LEFT")
        ? new Set([entry])
        : kind.includes("RIGHT")
          ? new Set(left)
          : kind.includes("FULL")
            ? new Set()
            : "all";
      if (isNode(item.on)) {
        // An INNER JOIN's ON narrows every table joined so far; an outer join's only its nullable side.
        scope.conditions.push({ expr: item.on, narrows: narrows === "all" ? new Set(entries) : narrows });
        this.subqueriesIn([item.on], scope);
      }
      const [previous] = left.slice(-1);
      for (const column of Array.isArray(item.using) ? (item.using as unknown[]) : []) {
        const name = text(column);
        if (name === undefined || previous === undefined) continue;
        scope.conditions.push({
          expr: equality(previous.alias ?? previous.name, entry.alias ?? entry.name, name),
          narrows: narrows === "all" ? new Set(entries) : narrows,
        });
      }
    }
    return entries;
  }

  private table(item: MyNode, scope: Scope, role: Role): TableEntry {
    const name = text(item.table);
    const schema = text(item.db);
    const alias = text(item.as);
    const dynamic =
      (name === undefined ? undefined : dynamicName(name)) ?? (schema === undefined ? undefined : dynamicName(schema));
    const cte = name !== undefined && schema === undefined && scope.ctes.has(name);
    const entry: TableEntry = {
      name: dynamic === undefined ? name : undefined,
      ...(schema === undefined || dynamic !== undefined ? {} : { schema }),
      ...(alias === undefined || dynamicName(alias) !== undefined ? {} : { alias }),
      ...(dynamic === undefined ? {} : { unknownReason: dynamic }),
      ...(cte ? { cte: true } : {}),
      role,
      scope,
      ambiguous: new Set(),
    };
    scope.entries.push(entry);
    this.entries.push(entry);
    return entry;
  }

  private derived(item: MyNode, query: MyNode, scope: Scope): TableEntry {
    this.query(query, scope);
    const alias = text(item.as);
    const columns = outputColumns(query);
    const entry: TableEntry = {
      name: undefined,
      ...(alias === undefined ? {} : { alias }),
      ...(columns === undefined ? {} : { columns }),
      derived: true,
      role: "read",
      scope,
      ambiguous: new Set(),
    };
    scope.entries.push(entry);
    this.entries.push(entry);
    return entry;
  }

  private subqueriesIn(roots: readonly unknown[], scope: Scope): void {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      if (!isNode(value)) return;
      const ast = astOf(value);
      if (ast !== undefined) {
        this.query(ast, scope);
        return;
      }
      for (const child of Object.values(value)) visit(child);
    };
    for (const root of roots) visit(root);
  }

  // Predicates ---------------------------------------------------------------------------------

  private finish(scope: Scope): void {
    for (const entry of scope.entries) {
      if (entry.derived === true) continue;
      const parts = scope.conditions
        .filter((condition) => condition.narrows === "all" || condition.narrows.has(entry))
        .flatMap((condition) => conjunctsOf(this.project(condition.expr, entry, scope)));
      entry.predicate = parts.length === 1 ? parts[0] : { kind: "all", parts };
    }
  }

  private project(expr: MyNode, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    if (expr.type === "binary_expr") {
      const operator = String(expr.operator).toUpperCase();
      if (operator === "AND" || operator === "OR" || operator === "XOR")
        return this.projectBool(operator, expr, entry, scope);
      return this.projectCompare(operator, expr, entry, scope);
    }
    const negated = negatedPart(expr);
    if (negated !== undefined) {
      const part = this.project(negated, entry, scope);
      return part === undefined ? undefined : { kind: "not", part };
    }
    if (isFunction(expr, "EXISTS")) {
      const [arg] = array(field(expr, "args")?.value);
      const sub = astOf(arg);
      const inner = sub === undefined ? undefined : this.subScopes.get(sub);
      if (sub === undefined || inner === undefined || !isNode(sub.where)) return undefined;
      // A correlated EXISTS is a join: what its WHERE says about the outer table's columns.
      return this.project(sub.where, entry, inner);
    }
    if (expr.type === "param") {
      const placeholder = this.placeholder(expr);
      return placeholder === undefined
        ? { kind: "opaque", reason: "an unbound parameter as a condition" }
        : { kind: "fragment", placeholder };
    }
    if (expr.type === "bool" || expr.type === "number") return undefined;
    return this.mentions(expr, entry, scope)
      ? { kind: "opaque", reason: "a condition that is not a comparison of a column" }
      : undefined;
  }

  private projectBool(operator: string, expr: MyNode, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const parts = [field(expr, "left"), field(expr, "right")].map((side) =>
      side === undefined ? undefined : this.project(side, entry, scope),
    );
    if (parts.every((part) => part === undefined)) return undefined;
    if (operator === "AND") return { kind: "all", parts: parts.flatMap((part) => conjunctsOf(part)) };
    if (operator === "XOR") return { kind: "opaque", reason: "an XOR of conditions" };
    // Flatten `a OR b OR c`, which the grammar nests to the left.
    const flat = parts.flatMap((part) =>
      part === undefined ? [matchAll] : part.kind === "any" && part.operator === "OR" ? part.parts : [part],
    );
    return { kind: "any", operator: "OR", parts: flat };
  }

  private projectCompare(operator: string, expr: MyNode, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const left = field(expr, "left");
    const right = field(expr, "right");
    const sides: [MyNode | undefined, MyNode | undefined][] = [[left, right]];
    if (operator === "=" || operator === "<>" || operator === "!=" || operator === "<=>") sides.push([right, left]);
    for (const [column, other] of sides) {
      if (column?.type !== "column_ref") continue;
      const resolution = this.resolve(column, scope);
      if (resolution.kind === "ambiguous" && resolution.candidates.includes(entry)) {
        entry.ambiguous.add(resolution.column);
        return { kind: "opaque", reason: `column ${resolution.column} may belong to any of several tables` };
      }
      if (resolution.kind !== "entry" || resolution.entry !== entry) continue;
      const isNull = other?.type === "null";
      const normalized =
        operator === "!="
          ? "<>"
          : operator === "IS" && isNull
            ? "IS NULL"
            : operator === "IS NOT" && isNull
              ? "IS NOT NULL"
              : operator;
      const pins = operator === "=" || operator === "IN" || operator === "<=>" || normalized === "IS NULL";
      const values =
        other === undefined
          ? []
          : other.type === "expr_list"
            ? this.listValues(other, scope)
            : [this.value(other, scope)];
      return { kind: "compare", field: resolution.column, pins, values, operator: normalized };
    }
    if (this.mentions(expr, entry, scope))
      return { kind: "opaque", reason: `a comparison (${operator}) of an expression over the table's columns` };
    if (
      scope.entries.includes(entry) &&
      [left, right].some((side) => side?.type === "param" && this.placeholder(side)?.kind === "hole")
    ) {
      return { kind: "opaque", reason: "a comparison whose column may come from a template hole" };
    }
    return undefined;
  }

  /** `IN (a, b)`, `BETWEEN a AND b`; `IN (SELECT …)` is one unknown value. */
  private listValues(list: MyNode, scope: Scope): SqlValue[] {
    return array(list.value).map((item) => this.value(item, scope));
  }

  private mentions(node: unknown, entry: TableEntry, scope: Scope): boolean {
    if (Array.isArray(node)) return node.some((item) => this.mentions(item, entry, scope));
    if (!isNode(node) || astOf(node) !== undefined) return false;
    if (node.type === "column_ref") {
      const resolution = this.resolve(node, scope);
      return (
        (resolution.kind === "entry" && resolution.entry === entry) ||
        (resolution.kind === "ambiguous" && resolution.candidates.includes(entry))
      );
    }
    return Object.values(node).some((child) => this.mentions(child, entry, scope));
  }

  // Columns and values -------------------------------------------------------------------------

  private resolve(ref: MyNode, scope: Scope): Resolution {
    const column = text(ref.column);
    if (column === undefined || column === "*") return { kind: "unresolved", column: "*" };
    const names = [text(ref.db), text(ref.table), column].filter((name): name is string => name !== undefined);
    return resolveColumn(names, scope, (entry) => {
      if (entry.derived === true) return entry.columns;
      return entry.name === undefined || entry.cte === true
        ? undefined
        : this.context.schema?.columnsOf(entry.name, entry.schema);
    });
  }

  private value(node: MyNode | undefined, scope: Scope): SqlValue {
    if (node === undefined) return unknown("no value");
    if (astOf(node) !== undefined) return unknown("a sub-select");
    switch (node.type) {
      case "param": {
        const placeholder = this.placeholder(node);
        return placeholder === undefined
          ? unknown(`:${String(node.value)} has no value`)
          : { kind: "placeholder", placeholder };
      }
      case "null":
        return { kind: "null" };
      case "number":
      case "bool":
        return { kind: "literal", text: String(node.value) };
      case "single_quote_string":
      case "double_quote_string":
      case "string":
      case "natural_string":
      case "hex_string":
      case "full_hex_string":
      case "bit_string": {
        const body = unescapeMysql(String(node.value), node.type === "double_quote_string" ? '"' : "'");
        const hole = exactHole(body);
        if (hole !== undefined) return { kind: "placeholder", placeholder: { kind: "hole", index: hole } };
        return holeIn(body) !== undefined
          ? unknown("a string built from template holes")
          : { kind: "literal", text: body };
      }
      case "column_ref": {
        const resolution = this.resolve(node, scope);
        if (resolution.kind === "entry" && resolution.entry.name !== undefined)
          return { kind: "column", table: resolution.entry.name, column: resolution.column };
        if (holeIn(resolution.column) !== undefined) return unknown("a template hole where a column name goes");
        return { kind: "column", column: resolution.column };
      }
      case "cast": {
        const inner = field(node, "expr");
        return inner === undefined ? unknown("a cast") : this.value(inner, scope);
      }
      case "function":
        return unknown(`the result of ${functionName(node).toLowerCase()}()`);
      default:
        return unknown("an expression");
    }
  }

  /** `SET __rowN__ = NULL` or `SELECT __rowN__`: one placeholder holds the row(s). */
  private rowsMarker(set: readonly MyNode[], values: MyNode | undefined): SqlPlaceholder | undefined {
    const [only, ...more] = set;
    let name = only !== undefined && more.length === 0 ? text(only.column) : undefined;
    const select = values === undefined ? undefined : astOf(values);
    if (name === undefined && select !== undefined && !Array.isArray(select.from)) {
      const [column, ...rest] = array(select.columns);
      const item = field(column, "expr");
      if (rest.length === 0 && item?.type === "column_ref") name = text(item.column);
    }
    const n = name === undefined ? undefined : rowMarker(name);
    return n === undefined ? undefined : this.context.placeholders[n - 1];
  }

  /** `VALUES(col)` in `ON DUPLICATE KEY UPDATE`: the value the single row being inserted gives `col`. */
  private duplicateValue(
    node: MyNode | undefined,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[] | undefined,
    scope: Scope,
  ): SqlValue {
    if (node !== undefined && isFunction(node, "VALUES")) {
      const [arg] = array(field(node, "args")?.value);
      const column = arg?.type === "column_ref" ? text(arg.column) : undefined;
      const index = column === undefined ? -1 : columns.indexOf(column);
      const value = index >= 0 && rows?.length === 1 ? rows[0]?.[index] : undefined;
      if (value !== undefined) return value;
      if (column !== undefined) return { kind: "column", table: "excluded", column };
    }
    return this.value(node, scope);
  }

  private placeholder(node: MyNode): SqlPlaceholder | undefined {
    const name = String(node.value);
    if (!name.startsWith("p")) return undefined;
    return this.context.placeholders[Number(name.slice(1)) - 1];
  }
}

// Helpers ----------------------------------------------------------------------------------------

function isNode(value: unknown): value is MyNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function array(value: unknown): MyNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function field(node: MyNode | undefined, key: string): MyNode | undefined {
  const value = node?.[key];
  return isNode(value) ? value : undefined;
}

/** A name as the grammar gives it: a string, or `{ expr: { value } }`, or `{ value }`. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isNode(value)) return undefined;
  if (typeof value.value === "string") return value.value;
  return text(value.expr);
}

/** A sub-select, wherever the grammar wraps one (`{ ast }`, or the select itself). */
function astOf(value: unknown): MyNode | undefined {
  if (!isNode(value)) return undefined;
  if (isNode(value.ast)) return value.ast;
  return value.type === "select" ? value : undefined;
}

function functionName(node: MyNode): string {
  const name = node.name;
  if (typeof name === "string") return name;
  return array(field(node, "name")?.name ?? (isNode(name) ? name.name : undefined))
    .map((part) => text(part) ?? "")
    .join(".");
}

function isFunction(node: MyNode, name: string): boolean {
  return node.type === "function" && functionName(node).toUpperCase() === name;
}

/** `NOT x`, which the grammar writes as a unary expression or as a NOT function. */
function negatedPart(node: MyNode): MyNode | undefined {
  if (node.type === "unary_expr" && String(node.operator).toUpperCase() === "NOT") return field(node, "expr");
  if (isFunction(node, "NOT")) return array(field(node, "args")?.value)[0];
  return undefined;
}

/** The grammar keeps a string's escapes as written: `'a\\'b'` is the text `a'b`. */
function unescapeMysql(body: string, quote: string): string {
  const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", b: "\b", Z: "\x1a" };
  let out = "";
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    const next = body[i + 1];
    if (ch === "\\" && next !== undefined) {
      out += escapes[next] ?? next;
      i += 1;
    } else if (ch === quote && next === quote) {
      out += quote;
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The column names a sub-select gives its derived table; undefined when `*` makes them unknown. */
function outputColumns(select: MyNode): string[] | undefined {
  const columns: string[] = [];
  for (const column of array(select.columns)) {
    const name =
      text(column.as) ??
      (field(column, "expr")?.type === "column_ref" ? text(field(column, "expr")?.column) : undefined);
    if (name === undefined || name === "*") return undefined;
    columns.push(name);
  }
  return columns;
}

function equality(left: string | undefined, right: string | undefined, column: string): MyNode {
  return {
    type: "binary_expr",
    operator: "=",
    left: { type: "column_ref", table: left ?? null, column },
    right: { type: "column_ref", table: right ?? null, column },
  };
}

function sqlify(statement: MyNode): string {
  try {
    return mysqlParser().sqlify(statement as unknown as AST, { database: "MySQL" });
  } catch {
    return "";
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
