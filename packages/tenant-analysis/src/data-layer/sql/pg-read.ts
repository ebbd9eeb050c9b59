/**
 * Statement facts from PostgreSQL's parse tree (libpg-query's JSON): the tables each statement
 * reads or writes, the conditions that narrow each of them, and the values it writes.
 *
 * A statement is read as nested scopes (a SELECT, an UPDATE, a DELETE, each sub-select and CTE):
 * each scope has its tables and its conditions (WHERE, and the ON of its joins, applied only to
 * the side of an outer join whose rows they narrow), and a table's predicate is the conjuncts of
 * those conditions that mention its columns.
 */
import type {
  A_Const,
  A_Expr,
  BoolExpr,
  ColumnRef,
  DeleteStmt,
  InsertStmt,
  JoinExpr,
  Node,
  NullTest,
  RangeVar,
  SelectStmt,
  SubLink,
  UpdateStmt,
  WithClause,
} from "@pgsql/types";
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
  SqlDialect,
  SqlInsert,
  SqlOperation,
  SqlPlaceholder,
  SqlPredicate,
  SqlTableReference,
  SqlValue,
} from "./types.js";

type Scope = GenericScope<Node>;
type TableEntry = GenericEntry<Node>;

export interface PgReadContext {
  readonly dialect: SqlDialect;
  readonly placeholders: readonly SqlPlaceholder[];
  readonly schema?: SqlColumnLookup;
}

export function readPgStatement(stmt: Node, text: string, context: PgReadContext): ParsedSqlStatement {
  return new StatementReader(context).read(stmt, text);
}

class StatementReader {
  private readonly entries: TableEntry[] = [];
  private readonly subScopes = new Map<SelectStmt, Scope>();
  private readonly scopes: Scope[] = [];
  private assignments: SqlAssignment[] = [];
  private assignmentsFrom: SqlPlaceholder | undefined;
  private insert: SqlInsert | undefined;
  private upsert = false;

  constructor(private readonly context: PgReadContext) {}

  read(stmt: Node, text: string): ParsedSqlStatement {
    const operation = this.readTop(stmt);
    for (const scope of this.scopes) this.finish(scope);
    const tables = this.entries.filter((entry) => entry.derived !== true).map((entry) => reference(entry));
    const insert = this.insert === undefined ? undefined : { ...this.insert, table: reference(this.insertEntry!) };
    return {
      parsed: true,
      operation,
      text,
      tables,
      assignments: this.assignments,
      ...(insert === undefined ? {} : { insert }),
      ...(this.assignmentsFrom === undefined ? {} : { assignmentsFrom: this.assignmentsFrom }),
    };
  }

  private insertEntry: TableEntry | undefined;

  private readTop(stmt: Node): SqlOperation {
    if ("SelectStmt" in stmt) {
      this.select(stmt.SelectStmt, undefined);
      return "select";
    }
    if ("InsertStmt" in stmt) {
      this.insertStatement(stmt.InsertStmt, undefined, true);
      return this.upsert ? "upsert" : "insert";
    }
    if ("UpdateStmt" in stmt) {
      this.update(stmt.UpdateStmt, undefined, true);
      return "update";
    }
    if ("DeleteStmt" in stmt) {
      this.delete(stmt.DeleteStmt, undefined);
      return "delete";
    }
    if ("TruncateStmt" in stmt) {
      // TRUNCATE removes every tenant's rows: a delete with no condition.
      const scope = this.scope(undefined, new Set());
      for (const relation of stmt.TruncateStmt.relations ?? []) {
        if ("RangeVar" in relation) this.table(relation.RangeVar, scope, "delete");
      }
      return "delete";
    }
    return "other";
  }

  // Scopes -------------------------------------------------------------------------------------

  private scope(parent: Scope | undefined, ctes: ReadonlySet<string>): Scope {
    const scope: Scope = { parent, entries: [], conditions: [], ctes };
    this.scopes.push(scope);
    return scope;
  }

  private withCtes(withClause: WithClause | undefined, parent: Scope | undefined): Set<string> {
    const names = new Set(parent?.ctes ?? []);
    if (withClause === undefined) return names;
    for (const cte of withClause.ctes ?? []) {
      if ("CommonTableExpr" in cte && cte.CommonTableExpr.ctename !== undefined) names.add(cte.CommonTableExpr.ctename);
    }
    // The bodies see every CTE name (RECURSIVE ones see their own); a parent scope carries them.
    const carrier = this.scope(parent, names);
    for (const cte of withClause.ctes ?? []) {
      const query = "CommonTableExpr" in cte ? cte.CommonTableExpr.ctequery : undefined;
      if (query !== undefined) this.query(query, carrier);
    }
    return names;
  }

  /** Any statement that can be a sub-query or a CTE body. */
  private query(node: Node, parent: Scope | undefined): void {
    if ("SelectStmt" in node) this.select(node.SelectStmt, parent);
    else if ("InsertStmt" in node) this.insertStatement(node.InsertStmt, parent, false);
    else if ("UpdateStmt" in node) this.update(node.UpdateStmt, parent, false);
    else if ("DeleteStmt" in node) this.delete(node.DeleteStmt, parent);
  }

  private select(select: SelectStmt, parent: Scope | undefined): Scope {
    const ctes = this.withCtes(select.withClause, parent);
    const scope = this.scope(parent, ctes);
    this.subScopes.set(select, scope);
    if (select.op !== undefined && select.op !== "SETOP_NONE") {
      // UNION / INTERSECT / EXCEPT: each side is its own query.
      if (select.larg !== undefined) this.select(select.larg, scope);
      if (select.rarg !== undefined) this.select(select.rarg, scope);
      return scope;
    }
    for (const item of select.fromClause ?? []) this.fromItem(item, scope);
    if (select.whereClause !== undefined) scope.conditions.push({ expr: select.whereClause, narrows: "all" });
    this.subqueriesIn([select.targetList, select.whereClause, select.havingClause, select.valuesLists], scope);
    return scope;
  }

  private insertStatement(insert: InsertStmt, parent: Scope | undefined, top: boolean): void {
    const ctes = this.withCtes(insert.withClause, parent);
    const scope = this.scope(parent, ctes);
    const entry = insert.relation === undefined ? undefined : this.table(insert.relation, scope, "insert");
    const columns = (insert.cols ?? []).flatMap((col) =>
      "ResTarget" in col && col.ResTarget.name !== undefined ? [col.ResTarget.name] : [],
    );
    const source =
      insert.selectStmt !== undefined && "SelectStmt" in insert.selectStmt ? insert.selectStmt.SelectStmt : undefined;
    let rows: SqlValue[][] | undefined;
    const rowsPlaceholder = this.rowsMarker(source);
    if (rowsPlaceholder !== undefined) {
      rows = undefined;
    } else if (source?.valuesLists !== undefined) {
      rows = source.valuesLists.map((list) =>
        "List" in list ? (list.List.items ?? []).map((item) => this.value(item, scope)) : [],
      );
      this.subqueriesIn([source.valuesLists], scope);
    } else if (source !== undefined) {
      // The rows' query sees the statement's CTEs, not the table being inserted into.
      this.select(source, this.scope(parent, ctes));
    } else {
      rows = [];
    }
    const conflict = insert.onConflictClause;
    const conflictSet = this.splitSet(
      conflict?.action === "ONCONFLICT_UPDATE"
        ? this.assignmentsOf(conflict.targetList ?? [], scope, (column) => excludedValue(column, columns, rows))
        : [],
    );
    if (!top || entry === undefined) return;
    this.upsert = conflict?.action === "ONCONFLICT_UPDATE";
    this.insertEntry = entry;
    this.insert = {
      table: reference(entry),
      columns,
      ...(rowsPlaceholder !== undefined
        ? { rowsFrom: "placeholder" as const, rowsPlaceholder }
        : rows === undefined
          ? { rowsFrom: "select" as const }
          : { rows }),
      conflictAssignments: conflictSet.assignments,
      ...(conflictSet.from === undefined ? {} : { conflictAssignmentsFrom: conflictSet.from }),
    };
  }

  private update(update: UpdateStmt, parent: Scope | undefined, top: boolean): void {
    const ctes = this.withCtes(update.withClause, parent);
    const scope = this.scope(parent, ctes);
    if (update.relation !== undefined) this.table(update.relation, scope, "update");
    for (const item of update.fromClause ?? []) this.fromItem(item, scope);
    if (update.whereClause !== undefined) scope.conditions.push({ expr: update.whereClause, narrows: "all" });
    this.subqueriesIn([update.whereClause, update.targetList], scope);
    const set = this.splitSet(this.assignmentsOf(update.targetList ?? [], scope, () => undefined));
    if (top) {
      this.assignments = set.assignments;
      this.assignmentsFrom = set.from;
    }
  }

  private delete(del: DeleteStmt, parent: Scope | undefined): void {
    const ctes = this.withCtes(del.withClause, parent);
    const scope = this.scope(parent, ctes);
    if (del.relation !== undefined) this.table(del.relation, scope, "delete");
    for (const item of del.usingClause ?? []) this.fromItem(item, scope);
    if (del.whereClause !== undefined) scope.conditions.push({ expr: del.whereClause, narrows: "all" });
    this.subqueriesIn([del.whereClause], scope);
  }

  /** `SELECT __rowN__`: one placeholder holds every row (placeholders.ts, rowMarker). */
  private rowsMarker(source: SelectStmt | undefined): SqlPlaceholder | undefined {
    if (source === undefined || source.fromClause !== undefined) return undefined;
    const [target, ...more] = source.targetList ?? [];
    const item = target !== undefined && "ResTarget" in target ? target.ResTarget.val : undefined;
    if (more.length > 0 || item === undefined || !("ColumnRef" in item)) return undefined;
    const [field, ...rest] = item.ColumnRef.fields ?? [];
    const n =
      rest.length === 0 && field !== undefined && "String" in field ? rowMarker(field.String.sval ?? "") : undefined;
    return this.placeholder(n);
  }

  /** `SET __rowN__ = NULL`: one placeholder holds the whole SET list. */
  private splitSet(assignments: readonly SqlAssignment[]): {
    assignments: SqlAssignment[];
    from: SqlPlaceholder | undefined;
  } {
    let from: SqlPlaceholder | undefined;
    const rest = assignments.filter((assignment) => {
      const n = rowMarker(assignment.column);
      if (n === undefined) return true;
      from = this.placeholder(n);
      return false;
    });
    return { assignments: rest, from };
  }

  private assignmentsOf(
    targets: readonly Node[],
    scope: Scope,
    special: (column: ColumnRef) => SqlValue | undefined,
  ): SqlAssignment[] {
    return targets.flatMap((target) => {
      if (!("ResTarget" in target) || target.ResTarget.name === undefined) return [];
      const { name, val } = target.ResTarget;
      const column = val !== undefined && "ColumnRef" in val ? special(val.ColumnRef) : undefined;
      return [{ column: name, value: column ?? (val === undefined ? unknown("no value") : this.value(val, scope)) }];
    });
  }

  /** Sub-selects inside expressions (`IN (SELECT …)`, `EXISTS (…)`, scalar sub-selects) are scopes of their own. */
  private subqueriesIn(roots: readonly unknown[], scope: Scope): void {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      if (value === null || typeof value !== "object") return;
      for (const [key, child] of Object.entries(value)) {
        if (key === "SubLink") {
          const link = child as SubLink;
          visit(link.testexpr);
          if (link.subselect !== undefined) this.query(link.subselect, scope);
        } else if (key === "SelectStmt") {
          this.select(child as SelectStmt, scope);
        } else {
          visit(child);
        }
      }
    };
    for (const root of roots) visit(root);
  }

  // FROM ---------------------------------------------------------------------------------------

  /** Registers the tables of one FROM item; returns them, for outer joins to know each side. */
  private fromItem(item: Node, scope: Scope): TableEntry[] {
    if ("RangeVar" in item) return [this.table(item.RangeVar, scope, "read")];
    if ("JoinExpr" in item) return this.join(item.JoinExpr, scope);
    if ("RangeSubselect" in item) {
      const sub = item.RangeSubselect;
      if (sub.subquery !== undefined) this.query(sub.subquery, scope);
      const named = names(sub.alias?.colnames);
      const select = sub.subquery !== undefined && "SelectStmt" in sub.subquery ? sub.subquery.SelectStmt : undefined;
      return [this.derived(sub.alias?.aliasname, named.length > 0 ? named : outputColumns(select), scope)];
    }
    if ("RangeFunction" in item) {
      const fn = item.RangeFunction;
      this.subqueriesIn([fn.functions], scope);
      const named = [
        ...names(fn.alias?.colnames),
        ...(fn.coldeflist ?? []).flatMap((def) =>
          "ColumnDef" in def && def.ColumnDef.colname !== undefined ? [def.ColumnDef.colname] : [],
        ),
      ];
      // `unnest(x) AS tag`: a function of one column is named by its alias.
      const alias = fn.alias?.aliasname;
      return [this.derived(alias, named.length > 0 ? named : alias === undefined ? undefined : [alias], scope)];
    }
    return [];
  }

  private join(join: JoinExpr, scope: Scope): TableEntry[] {
    const left = join.larg === undefined ? [] : this.fromItem(join.larg, scope);
    const right = join.rarg === undefined ? [] : this.fromItem(join.rarg, scope);
    // An outer join's ON does not narrow its preserved side: LEFT JOIN narrows only the right.
    const narrows: Set<TableEntry> =
      join.jointype === "JOIN_LEFT"
        ? new Set(right)
        : join.jointype === "JOIN_RIGHT"
          ? new Set(left)
          : join.jointype === "JOIN_FULL"
            ? new Set()
            : new Set([...left, ...right]);
    if (join.quals !== undefined) {
      scope.conditions.push({ expr: join.quals, narrows });
      this.subqueriesIn([join.quals], scope);
    }
    const [l] = left;
    const [r] = right;
    if (
      join.usingClause !== undefined &&
      left.length === 1 &&
      right.length === 1 &&
      l !== undefined &&
      r !== undefined
    ) {
      for (const name of join.usingClause) {
        if (!("String" in name) || name.String.sval === undefined) continue;
        // `USING (col)` is `l.col = r.col`.
        scope.conditions.push({ expr: equality(qualifier(l), qualifier(r), name.String.sval), narrows });
      }
    }
    return [...left, ...right];
  }

  private table(range: RangeVar, scope: Scope, role: Role): TableEntry {
    let alias = range.alias?.aliasname;
    // ClickHouse's `FROM t FINAL` reads to PostgreSQL's grammar as an alias named final.
    if (this.context.dialect === "clickhouse" && alias?.toLowerCase() === "final") alias = undefined;
    const name = range.relname;
    const dynamic =
      name === undefined
        ? undefined
        : (dynamicName(name) ?? (range.schemaname === undefined ? undefined : dynamicName(range.schemaname)));
    const cte = name !== undefined && range.schemaname === undefined && scope.ctes.has(name);
    const entry: TableEntry = {
      name: dynamic === undefined ? name : undefined,
      ...(range.schemaname === undefined || dynamic !== undefined ? {} : { schema: range.schemaname }),
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

  private derived(alias: string | undefined, columns: readonly string[] | undefined, scope: Scope): TableEntry {
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

  /** What `expr` (a condition read in `scope`) says about the rows of `entry`; undefined when it does not mention it. */
  private project(expr: Node, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    if ("BoolExpr" in expr) return this.projectBool(expr.BoolExpr, entry, scope);
    if ("A_Expr" in expr) return this.projectCompare(expr.A_Expr, entry, scope);
    if ("NullTest" in expr) return this.projectNullTest(expr.NullTest, entry, scope);
    if ("SubLink" in expr) return this.projectSubLink(expr.SubLink, entry, scope);
    if ("ParamRef" in expr) {
      // `WHERE ${condition}`: a condition the caller built; it may narrow any table of the scope.
      const placeholder = this.placeholder(expr.ParamRef.number);
      return placeholder === undefined
        ? { kind: "opaque", reason: "an unbound parameter as a condition" }
        : { kind: "fragment", placeholder };
    }
    if ("A_Const" in expr) return undefined;
    if ("TypeCast" in expr && expr.TypeCast.arg !== undefined) return this.project(expr.TypeCast.arg, entry, scope);
    return this.mentions(expr, entry, scope)
      ? { kind: "opaque", reason: "a condition that is not a comparison of a column" }
      : undefined;
  }

  private projectBool(bool: BoolExpr, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const args = bool.args ?? [];
    if (bool.boolop === "NOT_EXPR") {
      const [arg] = args;
      const part = arg === undefined ? undefined : this.project(arg, entry, scope);
      return part === undefined ? undefined : { kind: "not", part };
    }
    const parts = args.map((arg) => this.project(arg, entry, scope));
    if (parts.every((part) => part === undefined)) return undefined;
    if (bool.boolop === "AND_EXPR")
      return { kind: "all", parts: parts.flatMap((part) => (part === undefined ? [] : conjunctsOf(part))) };
    // A disjunct that does not mention the table lets every row of it through.
    return { kind: "any", operator: "OR", parts: parts.map((part) => part ?? matchAll) };
  }

  private projectCompare(expr: A_Expr, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const operator = operatorName(expr);
    const left = expr.lexpr === undefined ? undefined : stripCasts(expr.lexpr);
    const right = expr.rexpr === undefined ? undefined : stripCasts(expr.rexpr);
    const sides: [Node | undefined, Node | undefined][] = [[left, right]];
    // `$1 = tenant_id` says what `tenant_id = $1` says; only symmetric operators may be flipped.
    if (symmetric(expr)) sides.push([right, left]);
    for (const [column, other] of sides) {
      if (column === undefined || !("ColumnRef" in column)) continue;
      const resolution = this.resolve(column.ColumnRef, scope);
      if (resolution.kind === "ambiguous" && resolution.candidates.includes(entry)) {
        entry.ambiguous.add(resolution.column);
        return { kind: "opaque", reason: `column ${resolution.column} may belong to any of several tables` };
      }
      if (resolution.kind !== "entry" || resolution.entry !== entry) continue;
      return {
        kind: "compare",
        field: resolution.column,
        pins: pins(expr),
        values: other === undefined ? [] : this.values(expr, other, scope),
        operator,
      };
    }
    if (this.mentions(expr, entry, scope))
      return { kind: "opaque", reason: `a comparison (${operator}) of an expression over the table's columns` };
    // `WHERE ${column} = ${value}`: a hole may name a column of any table in the scope.
    if (scope.entries.includes(entry) && [left, right].some((side) => side !== undefined && this.isHole(side))) {
      return { kind: "opaque", reason: "a comparison whose column may come from a template hole" };
    }
    return undefined;
  }

  private projectNullTest(test: NullTest, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const arg = test.arg === undefined ? undefined : stripCasts(test.arg);
    if (arg === undefined || !("ColumnRef" in arg))
      return arg !== undefined && this.mentions(arg, entry, scope)
        ? { kind: "opaque", reason: "a null test of an expression" }
        : undefined;
    const resolution = this.resolve(arg.ColumnRef, scope);
    if (resolution.kind === "ambiguous" && resolution.candidates.includes(entry)) {
      entry.ambiguous.add(resolution.column);
      return { kind: "opaque", reason: `column ${resolution.column} may belong to any of several tables` };
    }
    if (resolution.kind !== "entry" || resolution.entry !== entry) return undefined;
    const isNull = test.nulltesttype === "IS_NULL";
    return {
      kind: "compare",
      field: resolution.column,
      pins: isNull,
      values: [{ kind: "null" }],
      operator: isNull ? "IS NULL" : "IS NOT NULL",
    };
  }

  private projectSubLink(link: SubLink, entry: TableEntry, scope: Scope): SqlPredicate | undefined {
    const sub = link.subselect !== undefined && "SelectStmt" in link.subselect ? link.subselect.SelectStmt : undefined;
    if (link.subLinkType === "EXISTS_SUBLINK" && sub !== undefined) {
      // A correlated EXISTS is a join: what its WHERE says about the outer table's columns.
      const inner = this.subScopes.get(sub);
      if (inner === undefined || sub.whereClause === undefined) return undefined;
      return this.project(sub.whereClause, entry, inner);
    }
    const test = link.testexpr === undefined ? undefined : stripCasts(link.testexpr);
    if (link.subLinkType === "ANY_SUBLINK" && test !== undefined && "ColumnRef" in test) {
      const resolution = this.resolve(test.ColumnRef, scope);
      if (resolution.kind === "entry" && resolution.entry === entry) {
        const operator =
          link.operName?.[0] !== undefined && "String" in link.operName[0] ? link.operName[0].String.sval : "=";
        return {
          kind: "compare",
          field: resolution.column,
          pins: operator === undefined || operator === "=",
          values: [unknown("a sub-select")],
          operator: operator === undefined || operator === "=" ? "IN" : `${operator} ANY`,
        };
      }
    }
    return test !== undefined && this.mentions(test, entry, scope)
      ? { kind: "opaque", reason: "a comparison with a sub-select" }
      : undefined;
  }

  /** Whether any column reference directly inside `node` (not in its sub-selects) belongs to `entry`. */
  private mentions(node: unknown, entry: TableEntry, scope: Scope): boolean {
    if (Array.isArray(node)) return node.some((item) => this.mentions(item, entry, scope));
    if (node === null || typeof node !== "object") return false;
    for (const [key, child] of Object.entries(node)) {
      if (key === "ColumnRef") {
        const resolution = this.resolve(child as ColumnRef, scope);
        if (resolution.kind === "entry" && resolution.entry === entry) return true;
        if (resolution.kind === "ambiguous" && resolution.candidates.includes(entry)) return true;
      } else if (key !== "subselect" && key !== "SelectStmt" && this.mentions(child, entry, scope)) {
        return true;
      }
    }
    return false;
  }

  // Columns and values -------------------------------------------------------------------------

  private resolve(ref: ColumnRef, scope: Scope): Resolution {
    const names = (ref.fields ?? []).map((field) => ("String" in field ? field.String.sval : undefined));
    if (names.some((name) => name === undefined) || names.length === 0) return { kind: "unresolved", column: "*" };
    return resolveColumn(names as string[], scope, (entry) => this.columnsOf(entry));
  }

  private columnsOf(entry: TableEntry): readonly string[] | undefined {
    if (entry.derived === true) return entry.columns;
    if (entry.name === undefined || entry.cte === true) return undefined;
    return this.context.schema?.columnsOf(entry.name, entry.schema);
  }

  private values(expr: A_Expr, other: Node, scope: Scope): SqlValue[] {
    if (
      (expr.kind === "AEXPR_IN" || expr.kind === "AEXPR_BETWEEN" || expr.kind === "AEXPR_NOT_BETWEEN") &&
      "List" in other
    ) {
      return (other.List.items ?? []).map((item) => this.value(item, scope));
    }
    if ((expr.kind === "AEXPR_OP_ANY" || expr.kind === "AEXPR_OP_ALL") && "A_ArrayExpr" in other) {
      return (other.A_ArrayExpr.elements ?? []).map((item) => this.value(item, scope));
    }
    return [this.value(other, scope)];
  }

  value(node: Node, scope: Scope | undefined): SqlValue {
    const bare = stripCasts(node);
    if ("ParamRef" in bare) {
      const placeholder = this.placeholder(bare.ParamRef.number);
      return placeholder === undefined
        ? unknown(`$${bare.ParamRef.number ?? "?"} has no value`)
        : { kind: "placeholder", placeholder };
    }
    if ("A_Const" in bare) return constant(bare.A_Const);
    if ("ColumnRef" in bare) {
      if (scope === undefined) return unknown("a column outside any query");
      const resolution = this.resolve(bare.ColumnRef, scope);
      if (resolution.kind === "entry") {
        const table = resolution.entry.name;
        return table === undefined
          ? { kind: "column", column: resolution.column }
          : { kind: "column", table, column: resolution.column };
      }
      const hole = holeIn(resolution.column);
      if (hole !== undefined) return unknown("a template hole where a column name goes");
      return { kind: "column", column: resolution.column };
    }
    if ("FuncCall" in bare) {
      const name = (bare.FuncCall.funcname ?? []).map((part) => ("String" in part ? part.String.sval : "")).join(".");
      const [arg] = bare.FuncCall.args ?? [];
      if (name === "current_setting" && arg !== undefined) {
        const setting = stripCasts(arg);
        if ("A_Const" in setting && setting.A_Const.sval?.sval !== undefined)
          return { kind: "setting", name: setting.A_Const.sval.sval };
      }
      return unknown(`the result of ${name}()`);
    }
    if ("SubLink" in bare) return unknown("a sub-select");
    return unknown("an expression");
  }

  private isHole(node: Node): boolean {
    return "ParamRef" in node && this.placeholder(node.ParamRef.number)?.kind === "hole";
  }

  private placeholder(number: number | undefined): SqlPlaceholder | undefined {
    return number === undefined ? undefined : this.context.placeholders[number - 1];
  }
}

// Helpers ----------------------------------------------------------------------------------------

function names(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) =>
    "String" in node && node.String.sval !== undefined ? [node.String.sval] : [],
  );
}

/** The column names a sub-select gives its derived table; undefined when `*` makes them unknown. */
function outputColumns(select: SelectStmt | undefined): string[] | undefined {
  if (select === undefined) return undefined;
  if (select.op !== undefined && select.op !== "SETOP_NONE") return outputColumns(select.larg);
  const columns: string[] = [];
  for (const target of select.targetList ?? []) {
    if (!("ResTarget" in target)) return undefined;
    const { name, val } = target.ResTarget;
    if (name !== undefined) {
      columns.push(name);
      continue;
    }
    const fields = val !== undefined && "ColumnRef" in val ? (val.ColumnRef.fields ?? []) : [];
    const last = fields[fields.length - 1];
    if (last === undefined || !("String" in last) || last.String.sval === undefined) return undefined;
    columns.push(last.String.sval);
  }
  return columns;
}

function stripCasts(node: Node): Node {
  let current = node;
  while ("TypeCast" in current && current.TypeCast.arg !== undefined) current = current.TypeCast.arg;
  return current;
}

function operatorName(expr: A_Expr): string {
  const [first] = expr.name ?? [];
  const op = first !== undefined && "String" in first ? (first.String.sval ?? "?") : "?";
  switch (expr.kind) {
    case "AEXPR_IN":
      return op === "=" ? "IN" : "NOT IN";
    case "AEXPR_OP_ANY":
      return `${op} ANY`;
    case "AEXPR_OP_ALL":
      return `${op} ALL`;
    case "AEXPR_DISTINCT":
      return "IS DISTINCT FROM";
    case "AEXPR_NOT_DISTINCT":
      return "IS NOT DISTINCT FROM";
    case "AEXPR_LIKE":
      return op === "~~" ? "LIKE" : "NOT LIKE";
    case "AEXPR_ILIKE":
      return op === "~~*" ? "ILIKE" : "NOT ILIKE";
    case "AEXPR_BETWEEN":
      return "BETWEEN";
    case "AEXPR_NOT_BETWEEN":
      return "NOT BETWEEN";
    default:
      return op;
  }
}

/** Whether the comparison restricts the column to the value(s): `=`, `IN (…)`, `= ANY(…)`, `IS NOT DISTINCT FROM`. */
function pins(expr: A_Expr): boolean {
  const [first] = expr.name ?? [];
  const op = first !== undefined && "String" in first ? first.String.sval : undefined;
  if (expr.kind === "AEXPR_NOT_DISTINCT") return true;
  if (expr.kind === "AEXPR_OP" || expr.kind === "AEXPR_IN" || expr.kind === "AEXPR_OP_ANY") return op === "=";
  return false;
}

function symmetric(expr: A_Expr): boolean {
  const [first] = expr.name ?? [];
  const op = first !== undefined && "String" in first ? first.String.sval : undefined;
  return (
    (expr.kind === "AEXPR_OP" && (op === "=" || op === "<>" || op === "!=")) ||
    expr.kind === "AEXPR_DISTINCT" ||
    expr.kind === "AEXPR_NOT_DISTINCT"
  );
}

function constant(value: A_Const): SqlValue {
  if (value.isnull === true) return { kind: "null" };
  if (value.sval !== undefined) {
    const text = value.sval.sval ?? "";
    const hole = exactHole(text);
    if (hole !== undefined) return { kind: "placeholder", placeholder: { kind: "hole", index: hole } };
    if (holeIn(text) !== undefined) return unknown("a string built from template holes");
    return { kind: "literal", text };
  }
  if (value.ival !== undefined) return { kind: "literal", text: String(value.ival.ival ?? 0) };
  if (value.fval !== undefined) return { kind: "literal", text: value.fval.fval ?? "0" };
  if (value.boolval !== undefined) return { kind: "literal", text: String(value.boolval.boolval ?? false) };
  if (value.bsval !== undefined) return { kind: "literal", text: value.bsval.bsval ?? "" };
  return unknown("a constant");
}

/** `EXCLUDED.col` in `ON CONFLICT DO UPDATE`: the value the single row being inserted gives `col`. */
function excludedValue(
  ref: ColumnRef,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[] | undefined,
): SqlValue | undefined {
  const names = (ref.fields ?? []).map((field) => ("String" in field ? field.String.sval : undefined));
  if (names.length !== 2 || names[0] !== "excluded" || names[1] === undefined) return undefined;
  const index = columns.indexOf(names[1]);
  const values = rows?.length === 1 ? rows[0] : undefined;
  const value = index >= 0 ? values?.[index] : undefined;
  return value ?? { kind: "column", table: "excluded", column: names[1] };
}

function qualifier(entry: TableEntry): string | undefined {
  return entry.alias ?? entry.name;
}

/** The condition `l.column = r.column`, as the parser would have written it. */
function equality(left: string | undefined, right: string | undefined, column: string): Node {
  const ref = (table: string | undefined): Node => ({
    ColumnRef: {
      fields: [...(table === undefined ? [] : [{ String: { sval: table } }]), { String: { sval: column } }],
    },
  });
  return { A_Expr: { kind: "AEXPR_OP", name: [{ String: { sval: "=" } }], lexpr: ref(left), rexpr: ref(right) } };
}
