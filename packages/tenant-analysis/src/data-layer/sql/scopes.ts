/**
 * The scopes a statement is read in, whatever parser read it: each SELECT, UPDATE, DELETE,
 * sub-select and CTE has its tables and its conditions, and a column name resolves to a table
 * the way SQL resolves it (alias, then table name; innermost scope first).
 */
import { holeIn } from "./placeholders.js";
import type { SqlPredicate, SqlTableReference, SqlValue } from "./types.js";

export type Role = SqlTableReference["role"];

export interface TableEntry<N> {
  readonly name: string | undefined;
  readonly schema?: string;
  readonly alias?: string;
  readonly unknownReason?: string;
  readonly cte?: boolean;
  /** A sub-select or function in FROM: its alias resolves columns, but it is not a stored table. */
  readonly derived?: boolean;
  /** A derived table's columns, when its select list or alias names them. */
  readonly columns?: readonly string[];
  readonly role: Role;
  readonly scope: Scope<N>;
  readonly ambiguous: Set<string>;
  predicate?: SqlPredicate;
}

/** A condition of a scope, and the tables whose rows it narrows (all of them for WHERE). */
export interface Condition<N> {
  readonly expr: N;
  readonly narrows: ReadonlySet<TableEntry<N>> | "all";
}

export interface Scope<N> {
  readonly parent: Scope<N> | undefined;
  readonly entries: TableEntry<N>[];
  readonly conditions: Condition<N>[];
  readonly ctes: ReadonlySet<string>;
}

export type Resolution =
  | { readonly kind: "entry"; readonly entry: TableEntry<unknown>; readonly column: string }
  | { readonly kind: "ambiguous"; readonly candidates: readonly TableEntry<unknown>[]; readonly column: string }
  | { readonly kind: "unresolved"; readonly column: string; readonly qualifier?: string };

export const matchAll: SqlPredicate = { kind: "all", parts: [] };

/**
 * `names` as written: `[column]`, `[table, column]` or `[schema, table, column]`. An unqualified
 * column in a scope of several tables is resolved through `columnsOf` (the schema), else
 * ambiguous between the tables that may hold it.
 */
export function resolveColumn<N>(
  names: readonly string[],
  scope: Scope<N>,
  columnsOf: (entry: TableEntry<N>) => readonly string[] | undefined,
): Resolution {
  const column = names[names.length - 1] ?? "*";
  const qualifier = names.length >= 2 ? names[names.length - 2] : undefined;
  const schema = names.length >= 3 ? names[names.length - 3] : undefined;
  if (qualifier !== undefined) {
    for (let s: Scope<N> | undefined = scope; s !== undefined; s = s.parent) {
      const entry = s.entries.find((e) =>
        e.alias !== undefined
          ? e.alias === qualifier && schema === undefined
          : e.name === qualifier && (schema === undefined || e.schema === schema),
      );
      if (entry !== undefined) return { kind: "entry", entry, column };
    }
    return { kind: "unresolved", column, qualifier };
  }
  for (let s: Scope<N> | undefined = scope; s !== undefined; s = s.parent) {
    if (s.entries.length === 0) continue;
    const [only] = s.entries;
    if (s.entries.length === 1 && only !== undefined) {
      const known = columnsOf(only);
      // With a schema that says the table has no such column, the name is the outer query's.
      if (known === undefined || known.includes(column) || s.parent === undefined)
        return { kind: "entry", entry: only, column };
      continue;
    }
    const holders = s.entries.filter((e) => columnsOf(e)?.includes(column) === true);
    const unknownTables = s.entries.filter((e) => columnsOf(e) === undefined);
    const [holder] = holders;
    // A statement that runs names no column two of its tables have: one known holder is the one.
    if (holders.length === 1 && holder !== undefined) return { kind: "entry", entry: holder, column };
    // The one table whose columns are not known, when every other one is known not to have it.
    const [onlyUnknown] = unknownTables;
    if (holders.length === 0 && unknownTables.length === 1 && onlyUnknown !== undefined)
      return { kind: "entry", entry: onlyUnknown, column };
    if (holders.length === 0 && unknownTables.length === 0) continue;
    return { kind: "ambiguous", candidates: [...holders, ...unknownTables], column };
  }
  return { kind: "unresolved", column };
}

export function reference<N>(entry: TableEntry<N>): SqlTableReference {
  return {
    name: entry.name,
    ...(entry.schema === undefined ? {} : { schema: entry.schema }),
    ...(entry.alias === undefined ? {} : { alias: entry.alias }),
    ...(entry.unknownReason === undefined ? {} : { unknownReason: entry.unknownReason }),
    ...(entry.cte === true ? { cte: true } : {}),
    predicate: entry.predicate ?? matchAll,
    role: entry.role,
    ...(entry.ambiguous.size === 0 ? {} : { ambiguous: [...entry.ambiguous].sort() }),
  };
}

export function conjunctsOf(predicate: SqlPredicate | undefined): SqlPredicate[] {
  if (predicate === undefined) return [];
  return predicate.kind === "all" ? [...predicate.parts] : [predicate];
}

/** Why a table name is not known, when a template hole or a ClickHouse identifier parameter wrote it. */
export function dynamicName(name: string): string | undefined {
  if (holeIn(name) !== undefined) return "a template hole names the table";
  if (name.startsWith("__param_")) return "an identifier parameter names the table";
  return undefined;
}

export function unknown(reason: string): SqlValue {
  return { kind: "unknown", reason };
}
