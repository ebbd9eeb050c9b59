/**
 * What one SQL statement says, in SQL's own terms: its operation, the tables it touches, the
 * conditions on each, and the values it writes, with placeholders kept as placeholders. The
 * caller binds them to TypeScript values through `toNeutralPredicate` (see neutral.ts).
 */

/** The dialect decides the placeholder forms, the quoting rules and the grammar (read-sql.ts). */
export type SqlDialect = "postgresql" | "mysql" | "clickhouse";

/** A value the statement receives from outside the SQL text. */
export type SqlPlaceholder =
  /** The `index`-th `${}` of a template literal (0-based), as a value. */
  | { readonly kind: "hole"; readonly index: number }
  /** `$1` (1-based, as written). */
  | { readonly kind: "numbered"; readonly number: number }
  /** The `index`-th `?` of the text (0-based). */
  | { readonly kind: "ordinal"; readonly index: number }
  /** `:name`, `:...names` (spread: a list), ClickHouse `{name:Type}`. */
  | { readonly kind: "named"; readonly name: string; readonly type?: string; readonly spread?: boolean };

export type SqlValue =
  | { readonly kind: "placeholder"; readonly placeholder: SqlPlaceholder }
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "null" }
  /** Another column; `table` is the resolved table name when known. */
  | { readonly kind: "column"; readonly table?: string; readonly column: string }
  /** `current_setting('app.tenant_id')`: a session setting, which row-level security set-ups use for the tenant. */
  | { readonly kind: "setting"; readonly name: string }
  | { readonly kind: "unknown"; readonly reason: string };

export type SqlPredicate =
  | { readonly kind: "all"; readonly parts: readonly SqlPredicate[] }
  | { readonly kind: "any"; readonly parts: readonly SqlPredicate[]; readonly operator: string }
  | { readonly kind: "not"; readonly part: SqlPredicate }
  /** `column op value`; `pins` for `=`, `IN (…)`, `= ANY(…)`, `IS NOT DISTINCT FROM`. */
  | {
      readonly kind: "compare";
      readonly field: string;
      readonly pins: boolean;
      /** For `IN (a, b)`: one value per list element; a single-element list for everything else. */
      readonly values: readonly SqlValue[];
      readonly operator: string;
    }
  /** A whole condition that is a placeholder (`WHERE ${condition}`): what it holds is the caller's to say. */
  | { readonly kind: "fragment"; readonly placeholder: SqlPlaceholder }
  /** A condition this reader cannot attribute to one column (`coalesce(a, b) = $1` is not one). */
  | { readonly kind: "opaque"; readonly reason: string };

export interface SqlAssignment {
  readonly column: string;
  readonly value: SqlValue;
}

export interface SqlTableReference {
  /**
   * The table's name as the database sees it (PostgreSQL folds unquoted names to lower case;
   * MySQL's are kept as written); undefined when a hole or an identifier parameter names it.
   */
  readonly name: string | undefined;
  readonly schema?: string;
  readonly alias?: string;
  /** Why the name is not known (`a template hole names the table`). */
  readonly unknownReason?: string;
  /** The table a CTE name stands for is that CTE, not a stored table: reported so callers can skip it. */
  readonly cte?: boolean;
  /**
   * What this table's rows are narrowed by: the conjuncts of its scope's WHERE and of the JOIN ONs
   * that narrow it (an outer join's ON narrows only its nullable side) that mention its columns.
   * `{ kind: "all", parts: [] }` (matches every row) for an INSERT's target and a table nothing narrows.
   */
  readonly predicate: SqlPredicate;
  /** How the table is used: `read` (FROM, JOIN, sub-select), or the target of the statement's write. */
  readonly role: "read" | "insert" | "update" | "delete";
  /** Conditions that name a column without a qualifier in a statement over several tables, when no schema says whose it is. */
  readonly ambiguous?: readonly string[];
}

export interface SqlInsert {
  readonly table: SqlTableReference;
  /** The listed columns, in order; empty when the statement lists none (`INSERT INTO t VALUES …`). */
  readonly columns: readonly string[];
  /** Per row, the value of each listed column. Absent for `INSERT … SELECT` and for `VALUES ?` bulk placeholders. */
  readonly rows?: readonly (readonly SqlValue[])[];
  /** `INSERT … SELECT`, or one placeholder for all rows (mysql2 `VALUES ?` / `SET ?`, postgres.js `INSERT INTO t ${sql(rows)}`). */
  readonly rowsFrom?: "select" | "placeholder";
  /** The placeholder that holds the rows, for `rowsFrom: "placeholder"`. */
  readonly rowsPlaceholder?: SqlPlaceholder;
  /** `ON CONFLICT … DO UPDATE SET` / `ON DUPLICATE KEY UPDATE`. */
  readonly conflictAssignments: readonly SqlAssignment[];
  /** `ON CONFLICT … DO UPDATE SET ${sql(row)}`: a placeholder holds the conflict assignments. */
  readonly conflictAssignmentsFrom?: SqlPlaceholder;
}

export type SqlOperation = "select" | "update" | "delete" | "insert" | "upsert" | "other";

export interface ParsedSqlStatement {
  readonly parsed: true;
  readonly operation: SqlOperation;
  /** The statement's text as the parser read it (placeholders renumbered). */
  readonly text: string;
  /** Every table referenced, in source order; CTE names resolved to their CTE. */
  readonly tables: readonly SqlTableReference[];
  /** UPDATE … SET, and MySQL `INSERT … SET`. */
  readonly assignments: readonly SqlAssignment[];
  /** The rows an INSERT writes. */
  readonly insert?: SqlInsert;
  /** A placeholder holding the whole SET list (`UPDATE t SET ? WHERE …`, postgres.js `SET ${sql(row)}`). */
  readonly assignmentsFrom?: SqlPlaceholder;
}

export interface UnparsedSqlStatement {
  readonly parsed: false;
  readonly reason: string;
}

export type SqlStatement = ParsedSqlStatement | UnparsedSqlStatement;

/** Which columns each table has, so an unqualified column in a join can be given to its table. */
export interface SqlColumnLookup {
  /** The columns of `table` (its name as written, any case), or undefined when the table is unknown. */
  columnsOf(table: string, schema?: string): readonly string[] | undefined;
}

export interface ReadSqlOptions {
  readonly dialect: SqlDialect;
  /** Resolves unqualified columns in statements over several tables; without it they are ambiguous. */
  readonly schema?: SqlColumnLookup;
}
