/**
 * SQL DDL as a schema source: the tables that `CREATE TABLE` and later `ALTER TABLE` statements
 * of a project's migrations leave behind, as DataModels (../schema.ts). Files are applied in the
 * order given (migrations folders sort by name), each statement in file order.
 *
 * A foreign key on one column is that column's relation; a foreign key over several columns is a
 * field of its own, named after the constraint. SQL declares no back-relations, so no model gets
 * a list side. A statement this reader does not model (views, functions, grants) is skipped.
 */
import type { ColumnDef, Constraint, Node, RangeVar } from "@pgsql/types";
import { SchemaError, type DataField, type DataModel, type DataRelation, type SchemaLocation } from "../schema.js";
import { parsePostgres } from "./pg-parser.js";

export interface DdlFile {
  /** Absolute path, for locations and errors. */
  readonly file: string;
  readonly text: string;
}

export interface DdlSchema {
  /** The tables, by name, as the last statement left them. */
  readonly models: ReadonlyMap<string, DataModel>;
  /** Files or statements that do not parse: their tables are missing from `models`. */
  readonly problems: readonly SchemaError[];
}

interface Column {
  name: string;
  optional: boolean;
  relation?: DataRelation;
}

interface Table {
  name: string;
  schema?: string;
  columns: Map<string, Column>;
  /** Multi-column foreign keys, by constraint name. */
  relations: Map<string, DataRelation>;
  uniqueKeys: string[][];
  location: SchemaLocation;
}

/** Reads one DDL text (a single file). */
export function readDdl(text: string, file = "<sql>"): DdlSchema {
  return readDdlFiles([{ file, text }]);
}

/** Applies the files in the order given, each statement in order. */
export function readDdlFiles(files: readonly DdlFile[]): DdlSchema {
  const tables = new Map<string, Table>();
  const problems: SchemaError[] = [];
  for (const { file, text } of files) {
    const parse = parsePostgres(text);
    if (!parse.ok) {
      // Error positions count characters, statement locations bytes.
      const line = text.slice(0, parse.position ?? 0).split("\n").length;
      problems.push(new SchemaError({ file, line }, `the SQL does not parse: ${parse.reason}`));
      continue;
    }
    for (const raw of parse.result.stmts ?? []) {
      if (raw.stmt === undefined) continue;
      apply(raw.stmt, tables, { file, line: lineAt(text, firstCode(text, raw.stmt_location ?? 0)) });
    }
  }
  const models = new Map<string, DataModel>();
  for (const table of tables.values()) models.set(table.name, toModel(table));
  return { models, problems };
}

function apply(stmt: Node, tables: Map<string, Table>, location: SchemaLocation): void {
  if ("CreateStmt" in stmt) {
    const create = stmt.CreateStmt;
    const name = create.relation?.relname;
    if (name === undefined) return;
    const table: Table = {
      name,
      ...(create.relation?.schemaname === undefined ? {} : { schema: create.relation.schemaname }),
      columns: new Map(),
      relations: new Map(),
      uniqueKeys: [],
      location,
    };
    for (const element of create.tableElts ?? []) {
      if ("ColumnDef" in element) addColumn(table, element.ColumnDef);
      else if ("Constraint" in element) addConstraint(table, element.Constraint);
    }
    tables.set(name, table);
    return;
  }
  if ("AlterTableStmt" in stmt) {
    const table = find(tables, stmt.AlterTableStmt.relation);
    if (table === undefined) return;
    for (const cmd of stmt.AlterTableStmt.cmds ?? []) {
      if (!("AlterTableCmd" in cmd)) continue;
      const { subtype, def, name } = cmd.AlterTableCmd;
      if (subtype === "AT_AddColumn" && def !== undefined && "ColumnDef" in def) addColumn(table, def.ColumnDef);
      else if (subtype === "AT_AddConstraint" && def !== undefined && "Constraint" in def) addConstraint(table, def.Constraint);
      else if (subtype === "AT_DropColumn" && name !== undefined) dropColumn(table, name);
      else if (subtype === "AT_SetNotNull" && name !== undefined) setOptional(table, name, false);
      else if (subtype === "AT_DropNotNull" && name !== undefined) setOptional(table, name, true);
    }
    return;
  }
  if ("RenameStmt" in stmt) {
    const rename = stmt.RenameStmt;
    const table = find(tables, rename.relation);
    if (table === undefined || rename.newname === undefined) return;
    if (rename.renameType === "OBJECT_TABLE") {
      tables.delete(table.name);
      table.name = rename.newname;
      tables.set(table.name, table);
    } else if (rename.renameType === "OBJECT_COLUMN" && rename.subname !== undefined) {
      renameColumn(table, rename.subname, rename.newname);
    }
    return;
  }
  if ("DropStmt" in stmt && stmt.DropStmt.removeType === "OBJECT_TABLE") {
    for (const object of stmt.DropStmt.objects ?? []) {
      const parts = "List" in object ? (object.List.items ?? []).map((item) => ("String" in item ? item.String.sval : undefined)) : [];
      const name = parts[parts.length - 1];
      if (name !== undefined) tables.delete(name);
    }
    return;
  }
  if ("IndexStmt" in stmt && stmt.IndexStmt.unique === true && stmt.IndexStmt.whereClause === undefined) {
    // A partial unique index identifies rows only among those it covers: not a key of the table.
    const table = find(tables, stmt.IndexStmt.relation);
    const columns = (stmt.IndexStmt.indexParams ?? []).map((param) => ("IndexElem" in param ? param.IndexElem.name : undefined));
    if (table !== undefined && columns.length > 0 && columns.every((c): c is string => c !== undefined)) addKey(table, columns);
  }
}

function find(tables: Map<string, Table>, relation: RangeVar | undefined): Table | undefined {
  return relation?.relname === undefined ? undefined : tables.get(relation.relname);
}

function addColumn(table: Table, def: ColumnDef): void {
  if (def.colname === undefined) return;
  const column: Column = { name: def.colname, optional: true };
  table.columns.set(column.name, column);
  const constraints = (def.constraints ?? []).flatMap((c) => ("Constraint" in c ? [c.Constraint] : []));
  for (const constraint of constraints) {
    if (constraint.contype === "CONSTR_NOTNULL" || constraint.contype === "CONSTR_PRIMARY") column.optional = false;
    if (constraint.contype === "CONSTR_PRIMARY" || constraint.contype === "CONSTR_UNIQUE") addKey(table, [column.name]);
  }
  for (const constraint of constraints) {
    if (constraint.contype === "CONSTR_FOREIGN") addForeignKey(table, constraint, [column.name]);
  }
}

function addConstraint(table: Table, constraint: Constraint): void {
  const keys = names(constraint.keys);
  if ((constraint.contype === "CONSTR_PRIMARY" || constraint.contype === "CONSTR_UNIQUE") && keys.length > 0) {
    addKey(table, keys);
    if (constraint.contype === "CONSTR_PRIMARY") for (const key of keys) setOptional(table, key, false);
  } else if (constraint.contype === "CONSTR_FOREIGN") {
    addForeignKey(table, constraint, names(constraint.fk_attrs));
  }
}

function addForeignKey(table: Table, constraint: Constraint, fields: readonly string[]): void {
  const model = constraint.pktable?.relname;
  if (model === undefined || fields.length === 0) return;
  const referenced = names(constraint.pk_attrs);
  const relation = (required: boolean): DataRelation => ({
    model,
    fields,
    // `REFERENCES tenants` without columns references the primary key; `id` by convention.
    references: referenced.length > 0 ? referenced : ["id"],
    required,
    list: false,
  });
  const [only] = fields;
  const column = fields.length === 1 && only !== undefined ? table.columns.get(only) : undefined;
  if (column !== undefined) {
    column.relation = relation(!column.optional);
    return;
  }
  const required = fields.every((field) => table.columns.get(field)?.optional === false);
  table.relations.set(constraint.conname ?? `${fields.join("_")}_fkey`, relation(required));
}

function addKey(table: Table, columns: readonly string[]): void {
  if (!table.uniqueKeys.some((key) => key.length === columns.length && key.every((c, i) => c === columns[i]))) table.uniqueKeys.push([...columns]);
}

function setOptional(table: Table, name: string, optional: boolean): void {
  const column = table.columns.get(name);
  if (column === undefined) return;
  column.optional = optional;
  // Whether a relation is required follows its column's NOT NULL.
  if (column.relation !== undefined) column.relation = { ...column.relation, required: !optional };
  for (const [key, relation] of table.relations) {
    if (relation.fields.includes(name)) {
      table.relations.set(key, { ...relation, required: relation.fields.every((field) => table.columns.get(field)?.optional === false) });
    }
  }
}

function dropColumn(table: Table, name: string): void {
  table.columns.delete(name);
  table.uniqueKeys = table.uniqueKeys.filter((key) => !key.includes(name));
  for (const [key, relation] of table.relations) if (relation.fields.includes(name)) table.relations.delete(key);
}

function renameColumn(table: Table, from: string, to: string): void {
  const column = table.columns.get(from);
  if (column === undefined) return;
  const rename = (fields: readonly string[]): string[] => fields.map((field) => (field === from ? to : field));
  table.columns.delete(from);
  column.name = to;
  if (column.relation !== undefined) column.relation = { ...column.relation, fields: rename(column.relation.fields) };
  table.columns.set(to, column);
  table.uniqueKeys = table.uniqueKeys.map(rename);
  for (const [key, relation] of table.relations) table.relations.set(key, { ...relation, fields: rename(relation.fields) });
}

function toModel(table: Table): DataModel {
  const fields = new Map<string, DataField>();
  for (const column of table.columns.values()) {
    fields.set(column.name, { name: column.name, optional: column.optional, ...(column.relation === undefined ? {} : { relation: column.relation }) });
  }
  for (const [name, relation] of table.relations) fields.set(name, { name, optional: !relation.required, relation });
  return {
    name: table.name,
    names: table.schema === undefined ? [table.name] : [table.name, `${table.schema}.${table.name}`],
    fields,
    uniqueKeys: table.uniqueKeys,
    location: table.location,
  };
}

function names(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => ("String" in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

/** Space, tab, newline, carriage return, form feed, and the `;` ending the previous statement. */
const skippable = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x3b]);

/** The parser's statement location counts from the end of the previous statement: skip to its first code. */
function firstCode(text: string, byteOffset: number): number {
  let i = byteOffset;
  const bytes = Buffer.from(text, "utf8");
  for (;;) {
    while (i < bytes.length && skippable.has(bytes[i] ?? 0)) i += 1;
    if (bytes[i] === 0x2d && bytes[i + 1] === 0x2d) {
      while (i < bytes.length && bytes[i] !== 0x0a) i += 1;
      continue;
    }
    if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) {
      const end = bytes.indexOf("*/", i + 2);
      i = end < 0 ? bytes.length : end + 2;
      continue;
    }
    return i;
  }
}

/** 1-based line of a byte offset (PostgreSQL reports byte offsets into the UTF-8 text). */
function lineAt(text: string, byteOffset: number): number {
  const bytes = Buffer.from(text, "utf8").subarray(0, byteOffset);
  let line = 1;
  for (const byte of bytes) if (byte === 0x0a) line += 1;
  return line;
}
