/**
 * MySQL DDL (AUTO_INCREMENT, ENGINE=…, KEY …, backquoted names), read with node-sql-parser's
 * MySQL grammar into the same table state as PostgreSQL's DDL (ddl-tables.ts).
 */
import type { AST } from "node-sql-parser";
import { mysqlParser } from "./mysql-parser.js";
import {
  addColumn,
  addForeignKey,
  addKey,
  addPrimaryKey,
  dropColumn,
  newTable,
  renameColumn,
  renameTable,
  setOptional,
  type DdlTable,
} from "./ddl-tables.js";

interface MyNode {
  readonly [key: string]: unknown;
}

/** Applies the file's statements when MySQL's grammar accepts the whole file; false when it does not. */
export function applyMysqlDdl(text: string, tables: Map<string, DdlTable>, file: string): boolean {
  let ast: AST | AST[];
  try {
    ast = mysqlParser().astify(text, { database: "MySQL", parseOptions: { includeLocations: true } });
  } catch {
    return false;
  }
  for (const statement of (Array.isArray(ast) ? ast : [ast]) as unknown as MyNode[]) apply(statement, tables, file);
  return true;
}

function apply(statement: MyNode, tables: Map<string, DdlTable>, file: string): void {
  const type = statement.type;
  if (type === "create" && statement.keyword === "table") {
    const [target] = nodes(statement.table);
    const name = str(target?.table);
    if (
      name === undefined ||
      (statement.if_not_exists !== null && statement.if_not_exists !== undefined && tables.has(name))
    )
      return;
    const definitions = nodes(statement.create_definitions);
    // node-sql-parser locates columns, not statements: the table's line is its first column's.
    const line = lineOf(definitions[0]?.column) ?? 1;
    const table = newTable(name, str(target?.db), { file, line });
    for (const definition of definitions) define(table, definition);
    tables.set(name, table);
  } else if (type === "create" && statement.keyword === "index" && statement.index_type === "unique") {
    const table = tables.get(str(node(statement.table)?.table) ?? "");
    const columns = nodes(statement.index_columns).map((column) => str(column.column));
    if (table !== undefined && columns.every((c): c is string => c !== undefined)) addKey(table, columns);
  } else if (type === "alter") {
    const [target] = nodes(statement.table);
    const table = tables.get(str(target?.table) ?? "");
    if (table === undefined) return;
    for (const change of nodes(statement.expr)) alter(table, tables, change);
  } else if (type === "rename") {
    for (const pair of Array.isArray(statement.table) ? (statement.table as unknown[]) : []) {
      const [from, to] = nodes(pair);
      const table = tables.get(str(from?.table) ?? "");
      const name = str(to?.table);
      if (table !== undefined && name !== undefined) renameTable(tables, table, name);
    }
  } else if (type === "drop" && statement.keyword === "table") {
    for (const dropped of nodes(statement.name)) tables.delete(str(dropped.table) ?? "");
  }
}

function define(table: DdlTable, definition: MyNode): void {
  if (definition.resource === "column") {
    const name = columnName(definition.column);
    if (name === undefined) return;
    const reference = node(definition.reference_definition);
    const model = str(nodes(reference?.table)[0]?.table);
    addColumn(table, name, {
      notNull: str(node(definition.nullable)?.type) === "not null",
      primary: typeof definition.primary_key === "string",
      unique: typeof definition.unique === "string",
      ...(model === undefined ? {} : { references: { model, columns: columnNames(reference?.definition) } }),
    });
    return;
  }
  if (definition.resource !== "constraint") return;
  const kind = String(definition.constraint_type ?? "").toLowerCase();
  const columns = columnNames(definition.definition);
  if (kind === "primary key") addPrimaryKey(table, columns);
  else if (kind.startsWith("unique")) addKey(table, columns);
  else if (kind === "foreign key") {
    const reference = node(definition.reference_definition);
    const model = str(nodes(reference?.table)[0]?.table);
    const name = str(definition.constraint);
    if (model !== undefined)
      addForeignKey(table, {
        ...(name === undefined ? {} : { name }),
        fields: columns,
        model,
        references: columnNames(reference?.definition),
      });
  }
}

function alter(table: DdlTable, tables: Map<string, DdlTable>, change: MyNode): void {
  const action = change.action;
  if (action === "add" && change.resource === "column") define(table, change);
  else if (action === "add" && change.resource === "constraint") {
    const definition = node(change.create_definitions);
    if (definition !== undefined) define(table, definition);
  } else if (action === "drop" && change.resource === "column") {
    const name = columnName(change.column);
    if (name !== undefined) dropColumn(table, name);
  } else if (action === "rename" && change.resource === "column") {
    const from = columnName(change.old_column);
    const to = columnName(change.column);
    if (from !== undefined && to !== undefined) renameColumn(table, from, to);
  } else if (action === "rename" && change.resource === "table") {
    const to = str(change.table);
    if (to !== undefined) renameTable(tables, table, to);
  } else if (action === "modify" && change.resource === "column") {
    // MODIFY restates the column: its NULL / NOT NULL is the new one.
    const name = columnName(change.column);
    if (name !== undefined) setOptional(table, name, str(node(change.nullable)?.type) !== "not null");
  }
}

function node(value: unknown): MyNode | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as MyNode) : undefined;
}

function nodes(value: unknown): MyNode[] {
  if (!Array.isArray(value)) return [];
  const found: MyNode[] = [];
  for (const item of value as unknown[]) {
    const inner = node(item);
    if (inner !== undefined) found.push(inner);
  }
  return found;
}

function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const inner = node(value);
  return inner === undefined ? undefined : str(inner.value ?? inner.expr);
}

function columnName(value: unknown): string | undefined {
  const ref = node(value);
  return ref === undefined ? str(value) : str(ref.column);
}

function columnNames(value: unknown): string[] {
  return nodes(value).flatMap((ref) => columnName(ref) ?? []);
}

function lineOf(value: unknown): number | undefined {
  const loc = node(node(value)?.loc);
  const line = node(loc?.start)?.line;
  return typeof line === "number" ? line : undefined;
}
